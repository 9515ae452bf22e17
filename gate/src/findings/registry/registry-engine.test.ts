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
import { FindingsCache } from '../cache.js';
import { prefetchFromRegistry } from './registry-lookup.js';
import { RegistryFindingsSource } from './registry-findings-source.js';
import { startDockerRegistry, type RunningRegistry } from './testing/docker-registry.js';
import { OciPusher, type PushedDescriptor } from './testing/oci-pusher.js';

const sarif = readFileSync(
  new URL('../../../../shared/src/findings/fixtures/trivy-web.sarif.json', import.meta.url),
  'utf8',
);
const openvex = readFileSync(
  new URL('../../../../shared/src/findings/fixtures/openvex-web.json', import.meta.url),
  'utf8',
);

function pod(images: string[]): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) },
  };
}

describe(
  'the gate denies an image whose only finding lives in the registry',
  { timeout: 30_000 },
  () => {
    let registry: RunningRegistry;
    let web: PushedDescriptor;
    let multi: { index: PushedDescriptor; amd64: PushedDescriptor };
    let clean: PushedDescriptor;
    const compiled = () => compilePolicy(policy([rule({ name: 'no-critical', action: 'Deny' })]));

    beforeAll(async () => {
      registry = await startDockerRegistry();
      const pusher = new OciPusher(registry.host);
      web = await pusher.image('shop/web', '1.4.2');
      await pusher.attach(
        'shop/web',
        web,
        'application/vnd.aquasecurity.trivy.report.sarif.v1',
        sarif,
        '2026-06-01T00:00:00Z',
        'application/sarif+json',
      );
      multi = await pusher.multiArch('shop/api', '3.1');
      await pusher.attach(
        'shop/api',
        multi.amd64,
        'application/sarif+json',
        sarif,
        '2026-06-01T00:00:00Z',
      );
      clean = await pusher.image('shop/clean', '1');
      await pusher.attach(
        'shop/clean',
        clean,
        'application/sarif+json',
        sarif,
        '2026-06-01T00:00:00Z',
      );
      await pusher.attach(
        'shop/clean',
        clean,
        'application/openvex+json',
        openvex.replaceAll(
          '9f2c1a0b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615e4d3',
          clean.digest.slice(7),
        ),
        '2026-06-02T00:00:00Z',
      );
    }, 30_000);
    afterAll(async () => registry.stop());

    async function decide(
      image: string,
      source = new RegistryFindingsSource({ insecureRegistries: [registry.host] }),
    ) {
      const subject = extractSubject(admissionRequest(pod([image]), { operation: 'CREATE' }));
      if (isSubjectError(subject)) throw new Error(subject.error);
      const lookup = await prefetchFromRegistry(
        source,
        imagesToLookup(subject, compiled()),
        AbortSignal.timeout(10_000),
      );
      return { decision: evaluateSubject(subject, compiled(), lookup, NOW), lookup };
    }

    it('by tag: the digest comes from the registry, the Critical finding from a SARIF referrer', async () => {
      const { decision } = await decide(`${registry.host}/shop/web:1.4.2`);
      expect(decision.decision).toBe('Deny');
      expect(decision.worstFinding).toMatchObject({
        id: 'CVE-2024-45490',
        severity: 'Critical',
        source: 'registry:sarif',
      });
      expect(decision.trace.images[0]).toMatchObject({
        digest: web.digest,
        digestSource: 'registry',
        findingsStatus: 'found',
      });
      expect(decision.message).toContain('CVE-2024-45490');
    });

    it('by digest, multi-arch: the finding sits on the linux/amd64 manifest, the pod names the index', async () => {
      const { decision } = await decide(`${registry.host}/shop/api@${multi.index.digest}`);
      expect(decision.decision).toBe('Deny');
      expect(decision.trace.images[0]).toMatchObject({
        digest: multi.index.digest,
        digestSource: 'reference',
      });
    });

    it('a VEX referrer that marks the Critical finding not_affected lets the image in, and the trace shows it suppressed', async () => {
      const { decision } = await decide(`${registry.host}/shop/clean:1`);
      expect(decision.decision).toBe('Allow');
      expect(decision.trace.images[0]?.suppressed).toEqual([
        expect.objectContaining({
          id: 'CVE-2024-45490',
          status: 'not_affected',
          source: expect.stringContaining('registry:openvex') as string,
        }),
      ]);
    });

    it('a report older than the maximum age is stale: unscanned, with a note', async () => {
      const source = new RegistryFindingsSource({
        insecureRegistries: [registry.host],
        maxReportAgeMs: 7 * 86_400_000,
        clock: () => NOW + 30 * 86_400_000,
      });
      const { decision, lookup } = await decide(`${registry.host}/shop/web:1.4.2`, source);
      expect(decision.decision).toBe('Allow');
      expect(decision.trace.images[0]?.findingsStatus).toBe('unscanned');
      expect(lookup.notes.join('\n')).toMatch(/older than the maximum age/);
    });

    it("composes into the runtime's FindingsCache as a FindingsSource", async () => {
      const cache = new FindingsCache({
        sources: [new RegistryFindingsSource({ insecureRegistries: [registry.host] })],
        budgetMs: 5000,
        tagTtlMs: 60_000,
        reportTtlMs: 3600_000,
        maxEntries: 100,
      });
      const subject = extractSubject(
        admissionRequest(pod([`${registry.host}/shop/web:1.4.2`]), { operation: 'CREATE' }),
      );
      if (isSubjectError(subject)) throw new Error(subject.error);
      const lookup = await cache.prefetch(imagesToLookup(subject, compiled()));
      expect(evaluateSubject(subject, compiled(), lookup, NOW).decision).toBe('Deny');
    });
  },
);
