import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OciClient } from './oci-client.js';
import { RegistryFindingsSource } from './registry-findings-source.js';
import { startDockerRegistry, type RunningRegistry } from './testing/docker-registry.js';
import { OciPusher, type PushedDescriptor } from './testing/oci-pusher.js';

const fixture = (name: string) =>
  readFileSync(
    new URL(`../../../../shared/src/findings/fixtures/${name}`, import.meta.url),
    'utf8',
  );
const SARIF_TYPE = 'application/vnd.aquasecurity.trivy.report.sarif.v1';
const INTOTO_TYPE = 'application/vnd.in-toto+json';

// In CI the registry binary must be there (scripts/run.mjs installs it); locally, a missing binary skips.
describe('RegistryFindingsSource against docker-registry (anonymous)', { timeout: 30_000 }, () => {
  let registry: RunningRegistry;
  let pusher: OciPusher;
  let single: PushedDescriptor;
  let multi: { index: PushedDescriptor; amd64: PushedDescriptor; arm64: PushedDescriptor };
  const source = () => new RegistryFindingsSource({ insecureRegistries: [registry.host] });

  beforeAll(async () => {
    registry = await startDockerRegistry();
    pusher = new OciPusher(registry.host);
    single = await pusher.image('shop/web', '1.4.2');
    await pusher.attach(
      'shop/web',
      single,
      SARIF_TYPE,
      fixture('grype-web.sarif.json'),
      '2026-11-20T10:00:00Z',
      'application/sarif+json',
    );
    await pusher.attach(
      'shop/web',
      single,
      SARIF_TYPE,
      fixture('trivy-web.sarif.json'),
      '2026-11-21T10:00:00Z',
      'application/sarif+json',
    );
    multi = await pusher.multiArch('shop/api', '2.0');
    await pusher.attach(
      'shop/api',
      multi.amd64,
      INTOTO_TYPE,
      fixture('in-toto-vulns.json'),
      '2026-11-20T10:00:00Z',
    );
  }, 30_000);
  afterAll(async () => registry.stop());

  it('resolves a tag to the manifest digest with HEAD', async () => {
    const client = new OciClient({ insecureRegistries: [registry.host] });
    expect(await client.resolveTag(registry.host, 'shop/web', '1.4.2')).toBe(single.digest);
    expect(await client.resolveTag(registry.host, 'shop/api', '2.0')).toBe(multi.index.digest);
    expect(await client.resolveTag(registry.host, 'shop/web', 'no-such-tag')).toBeUndefined();
  });

  it('this registry lacks the referrers API: the client falls back to the sha256-<hex> tag', async () => {
    const client = new OciClient({ insecureRegistries: [registry.host] });
    const { mode, referrers } = await client.listReferrers(
      registry.host,
      'shop/web',
      single.digest,
    );
    expect(mode).toBe('tag-schema');
    expect(referrers.map((r) => r.artifactType)).toEqual([SARIF_TYPE, SARIF_TYPE]);
  });

  it('reads a tag: digest from the registry, newest referrer report wins', async () => {
    const answer = await source().lookup(
      {
        tags: [{ normalized: `${registry.host}/shop/web:1.4.2`, registry: registry.host }],
        digests: [],
      },
      AbortSignal.timeout(10_000),
    );
    expect(answer.digests.get(`${registry.host}/shop/web:1.4.2`)).toBe(single.digest);
    const report = answer.reports.get(single.digest);
    expect(report).toMatchObject({
      digest: single.digest,
      format: 'sarif',
      source: 'registry',
      scanner: { name: 'trivy' },
    });
    expect(report?.scannedAt).toBe('2026-11-21T10:00:00.000Z');
  });

  it('multi-arch: findings attached to the platform manifest answer for the index digest', async () => {
    const answer = await source().lookup(
      {
        tags: [],
        digests: [multi.index.digest],
        pinned: [
          {
            normalized: `${registry.host}/shop/api@${multi.index.digest}`,
            digest: multi.index.digest,
            registry: registry.host,
          },
        ],
      },
      AbortSignal.timeout(10_000),
    );
    const report = answer.reports.get(multi.index.digest);
    expect(report).toMatchObject({ digest: multi.index.digest, format: 'in-toto' });
    expect(report?.vulnerabilities.map((v) => v.id)).toContain('CVE-2024-45490');
  });

  it('multi-arch: a report on the index and one on the platform manifest — the newest wins', async () => {
    const both = await pusher.multiArch('shop/both', '1');
    await pusher.attach(
      'shop/both',
      both.index,
      SARIF_TYPE,
      fixture('trivy-web.sarif.json'),
      '2026-11-22T00:00:00Z',
      'application/sarif+json',
    );
    await pusher.attach(
      'shop/both',
      both.amd64,
      INTOTO_TYPE,
      fixture('in-toto-vulns.json'),
      '2026-11-20T00:00:00Z',
    );
    const found = await source().findings(registry.host, 'shop/both', both.index.digest);
    expect(found.reports.map((r) => [r.format, r.digest])).toEqual([
      ['sarif', both.index.digest],
      ['in-toto', both.index.digest],
    ]);
    expect(found.report?.format).toBe('sarif');
  });

  it('an image with no referrers is known unscanned (null), not unknown', async () => {
    const bare = await pusher.image('shop/bare', '1');
    const found = await source().findings(registry.host, 'shop/bare', bare.digest);
    expect(found.report).toBeNull();
    expect(found.referrersMode).toBe('tag-schema');
  });
});
