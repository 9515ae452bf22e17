import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, policy, rule } from '../../testing/builders.js';
import { admissionRequest } from '../../../testdata/k8s/admission-review.js';
import {
  compilePolicy,
  evaluateSubject,
  extractSubject,
  imagesToLookup,
  isSubjectError,
} from '../../engine/index.js';
import { prefetchFromRegistry } from '../registry/registry-lookup.js';
import { RegistryFindingsSource } from '../registry/registry-findings-source.js';
import { startDockerRegistry, type RunningRegistry } from '../registry/testing/docker-registry.js';
import { OciPusher, type PushedDescriptor } from '../registry/testing/oci-pusher.js';
import { signEnvelope } from './testing/sign-envelope.js';
import { KeySignatureVerifier } from './dsse-verify.js';

/** Trivy's cosign-vuln predicate with its findings removed: a clean report anyone could forge. */
function cleanPredicate(): object {
  const predicate = JSON.parse(
    readFileSync(
      new URL(
        '../../../../shared/src/findings/fixtures/real/cosign-vuln-trivy-alpine.predicate.json',
        import.meta.url,
      ),
      'utf8',
    ),
  ) as { scanner: { result: { Results: unknown[] } } };
  predicate.scanner.result.Results = [];
  return predicate;
}

function attestation(subject: PushedDescriptor, key: KeyObject): string {
  return JSON.stringify(
    signEnvelope(
      {
        _type: 'https://in-toto.io/Statement/v0.1',
        predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1',
        subject: [{ name: 'shop', digest: { sha256: subject.digest.slice(7) } }],
        predicate: cleanPredicate(),
      },
      key,
    ),
  );
}

describe('rules that require signed findings, against a real registry', { timeout: 30_000 }, () => {
  let registry: RunningRegistry;
  const ci = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  beforeAll(async () => {
    registry = await startDockerRegistry();
    const pusher = new OciPusher(registry.host);
    for (const [repo, key] of [
      ['shop/signed', ci.privateKey],
      ['shop/forged', attacker.privateKey],
    ] as const) {
      const image = await pusher.image(repo, '1');
      await pusher.attach(
        repo,
        image,
        'application/vnd.dsse.envelope.v1+json',
        attestation(image, key),
        '2026-06-01T00:00:00Z',
      );
    }
  }, 30_000);
  afterAll(async () => registry.stop());

  async function decide(image: string, requireSignedFindings: boolean) {
    const compiled = compilePolicy(
      policy([
        rule({ name: 'signed-only', action: 'Deny', blockUnscanned: true, requireSignedFindings }),
      ]),
    );
    const source = new RegistryFindingsSource({
      insecureRegistries: [registry.host],
      verifier: new KeySignatureVerifier([
        { name: 'ci', publicKey: ci.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      ]),
    });
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { containers: [{ name: 'c', image }] },
    };
    const subject = extractSubject(admissionRequest(pod, { operation: 'CREATE' }));
    if (isSubjectError(subject)) throw new Error(subject.error);
    const lookup = await prefetchFromRegistry(
      source,
      imagesToLookup(subject, compiled),
      AbortSignal.timeout(10_000),
    );
    return evaluateSubject(subject, compiled, lookup, NOW);
  }

  it('a clean report signed by the trusted key admits the image', async () => {
    expect((await decide(`${registry.host}/shop/signed:1`, true)).decision).toBe('Allow');
  });

  it('a clean report signed with an untrusted key counts as no report: blockUnscanned denies, saying why', async () => {
    const decision = await decide(`${registry.host}/shop/forged:1`, true);
    expect(decision.decision).toBe('Deny');
    expect(decision.message).toContain('findings report not signed by a trusted signer');
  });

  it('without requireSignedFindings the same forged report is believed (what the option prevents)', async () => {
    expect((await decide(`${registry.host}/shop/forged:1`, false)).decision).toBe('Allow');
  });
});
