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
import { pushCosignSignature } from './testing/cosign-sign.js';

const DSSE = 'application/vnd.dsse.envelope.v1+json';
const SIGSTORE_BUNDLE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const TRIVY_JSON = 'application/vnd.aquasecurity.trivy.report.json.v1';

const real = (name: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../../shared/src/findings/fixtures/real/${name}`, import.meta.url),
      'utf8',
    ),
  ) as Record<string, unknown>;

/** Trivy's cosign-vuln predicate (one Critical finding, CVE-2021-36159), or with its findings removed. */
function predicate(clean: boolean): object {
  const p = real('cosign-vuln-trivy-alpine.predicate.json') as {
    scanner: { result: { Results: unknown[] } };
  };
  if (clean) p.scanner.result.Results = [];
  return p;
}

function statement(subject: PushedDescriptor, clean = true) {
  return {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1',
    subject: [{ name: 'shop', digest: { sha256: subject.digest.slice(7) } }],
    predicate: predicate(clean),
  };
}

function attestation(subject: PushedDescriptor, key: KeyObject, clean = true): string {
  return JSON.stringify(signEnvelope(statement(subject, clean), key));
}

/** The Trivy JSON inside the cosign predicate, emptied: what `trivy image -f json | oras attach` pushes. */
function cleanTrivyJson(): string {
  const trivy = (real('cosign-vuln-trivy-alpine.predicate.json').scanner as { result: object })
    .result as { Results: unknown[] };
  trivy.Results = [];
  return JSON.stringify(trivy);
}

/** An unsigned OpenVEX saying the Critical finding does not affect the image. */
const FORGED_VEX = JSON.stringify({
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'https://attacker.example/vex-1',
  timestamp: '2026-06-01T00:00:00Z',
  statements: [
    {
      vulnerability: { name: 'CVE-2021-36159' },
      products: [{ '@id': 'pkg:apk/alpine/apk-tools' }],
      status: 'not_affected',
      justification: 'vulnerable_code_not_present',
    },
  ],
});

describe('rules that require signed findings, against a real registry', { timeout: 30_000 }, () => {
  let registry: RunningRegistry;
  const ci = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  beforeAll(async () => {
    registry = await startDockerRegistry();
    const pusher = new OciPusher(registry.host);
    const at = '2026-06-01T00:00:00Z';
    for (const [repo, key] of [
      ['shop/signed', ci.privateKey],
      ['shop/forged', attacker.privateKey],
    ] as const) {
      const image = await pusher.image(repo, '1');
      await pusher.attach(repo, image, DSSE, attestation(image, key), at);
    }
    // A clean attestation CI really signed, for another image, copied onto a vulnerable one.
    const signedElsewhere = await pusher.image('shop/replayed', 'clean');
    const vulnerable = await pusher.image('shop/replayed', '1');
    await pusher.attach(
      'shop/replayed',
      vulnerable,
      DSSE,
      attestation(signedElsewhere, ci.privateKey),
      at,
    );
    // cosign 3 writes the signed statement inside a Sigstore bundle.
    const bundled = await pusher.image('shop/bundled', '1');
    await pusher.attach(
      'shop/bundled',
      bundled,
      SIGSTORE_BUNDLE,
      JSON.stringify({
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        verificationMaterial: { publicKey: { hint: 'ci' } },
        dsseEnvelope: signEnvelope(statement(bundled), ci.privateKey),
      }),
      at,
    );
    // Plain Trivy JSON, signed (or not) with `cosign sign --key` on the report artifact's digest.
    for (const [repo, key] of [
      ['shop/cosigned', ci.privateKey],
      ['shop/cosigned-forged', attacker.privateKey],
      ['shop/plain', undefined],
    ] as const) {
      const image = await pusher.image(repo, '1');
      const report = await pusher.attach(repo, image, TRIVY_JSON, cleanTrivyJson(), at);
      if (key) await pushCosignSignature(pusher, repo, report, key);
    }
    // A signed report with a Critical finding, and an unsigned VEX that would suppress it.
    const critical = await pusher.image('shop/vexed', '1');
    await pusher.attach(
      'shop/vexed',
      critical,
      DSSE,
      attestation(critical, ci.privateKey, false),
      at,
    );
    await pusher.attach('shop/vexed', critical, 'application/openvex+json', FORGED_VEX, at);
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

  it('a clean report signed by the trusted key admits the image; the trace names source and signer', async () => {
    const decision = await decide(`${registry.host}/shop/signed:1`, true);
    expect(decision.decision).toBe('Allow');
    expect(decision.trace.images[0]).toMatchObject({
      findingsSource: 'registry:in-toto',
      signature: { status: 'verified', signer: 'ci' },
    });
  });

  it('a clean report signed with an untrusted key counts as no report: blockUnscanned denies, saying why', async () => {
    const decision = await decide(`${registry.host}/shop/forged:1`, true);
    expect(decision.decision).toBe('Deny');
    expect(decision.message).toContain('findings report not signed by a trusted signer');
  });

  it('without requireSignedFindings the same forged report is believed (what the option prevents)', async () => {
    expect((await decide(`${registry.host}/shop/forged:1`, false)).decision).toBe('Allow');
  });

  it("a trusted signer's attestation for another image, copied onto this one, is not trusted", async () => {
    const decision = await decide(`${registry.host}/shop/replayed:1`, true);
    expect(decision.decision).toBe('Deny');
    expect(decision.message).toContain('not for this image');
  });

  it('an attestation in a Sigstore bundle (cosign 3) signed by the trusted key admits the image', async () => {
    expect((await decide(`${registry.host}/shop/bundled:1`, true)).decision).toBe('Allow');
  });

  it('a plain Trivy JSON referrer cosign-signed by the trusted key admits; by another key or unsigned, not', async () => {
    expect((await decide(`${registry.host}/shop/cosigned:1`, true)).decision).toBe('Allow');
    const forged = await decide(`${registry.host}/shop/cosigned-forged:1`, true);
    expect(forged.decision).toBe('Deny');
    expect(forged.message).toContain('none by a trusted signer');
    const plain = await decide(`${registry.host}/shop/plain:1`, true);
    expect(plain.decision).toBe('Deny');
    expect(plain.message).toContain('unsigned');
  });

  it('an unsigned VEX referrer does not suppress a finding of a signed report once signers are trusted', async () => {
    const decision = await decide(`${registry.host}/shop/vexed:1`, true);
    expect(decision.decision).toBe('Deny');
    expect(decision.message).toContain('CVE-2021-36159');
    expect(decision.trace.images[0]?.suppressed).toEqual([]);
  });
});
