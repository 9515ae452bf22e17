import type { FindingsReport, Problem } from '@gated/shared';
import { GateFindingsResponseSchema } from '@gated/shared';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digestOf, trivyReport } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { registerGate, useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();
type Lookup = { digest: string; report: FindingsReport | null };

describe.each(kinds)('findings on %s', (kind) => {
  const s = useSuite(kind);

  const registeredGate = async (name: string) => (await registerGate(s, name)).gateToken;
  const askAsGate = (gateToken: string, body: { digests: string[]; references: string[] }) =>
    s.t.request('/api/v1/gate/findings', {
      method: 'POST',
      headers: { authorization: `Bearer ${gateToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const repo = 'shop.azurecr.io/shop/web';

  it('stores a Trivy report per digest with its tag map and finds it by digest or reference', async () => {
    const up = await s.admin.json<{
      stored: { digest: string; tags: string[]; vulnerabilities: number }[];
    }>(
      'POST',
      '/findings',
      trivyReport(repo, '1.0', [
        { id: 'CVE-2024-3094', severity: 'CRITICAL' },
        { id: 'CVE-2023-44487', severity: 'HIGH' },
      ]),
      201,
    );
    const digest = digestOf(`${repo}:1.0`);
    expect(up.stored).toEqual([{ digest, tags: [`${repo}:1.0`], vulnerabilities: 2 }]);
    const byDigest = await s.reader.json<Lookup>('GET', `/findings?digest=${digest}`);
    expect(byDigest.report?.vulnerabilities.map((v) => v.severity)).toEqual(['Critical', 'High']);
    const byRef = await s.reader.json<Lookup>(
      'GET',
      `/findings?image=${encodeURIComponent(`${repo}:1.0`)}`,
    );
    expect(byRef.digest).toBe(digest);
    const pinned = await s.reader.json<Lookup>(
      'GET',
      `/findings?image=${encodeURIComponent(`${repo}@${digest}`)}`,
    );
    expect(pinned.report?.digest).toBe(digest);
    const unknown = await s.reader.json<Lookup>(
      'GET',
      `/findings?image=${encodeURIComponent(`${repo}:nope`)}`,
    );
    expect(unknown.report).toBeNull();
  });

  it('keeps the newest scan per digest and moves a tag to the newest digest', async () => {
    const newer = new Date().toISOString();
    const older = new Date(Date.now() - 86_400_000).toISOString();
    await s.admin.json(
      'POST',
      '/findings',
      trivyReport(repo, '2.0', [{ id: 'CVE-2024-0001', severity: 'LOW' }], newer, 'a'),
      201,
    );
    await s.admin.json(
      'POST',
      '/findings',
      trivyReport(repo, '2.0', [{ id: 'CVE-2024-0002', severity: 'HIGH' }], older, 'a'),
      201,
    );
    const kept = await s.reader.json<Lookup>('GET', `/findings?digest=${digestOf('a')}`);
    expect(kept.report?.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2024-0001']);
    await s.admin.json(
      'POST',
      '/findings',
      trivyReport(repo, '2.0', [], new Date(Date.now() + 1000).toISOString(), 'b'),
      201,
    );
    expect(
      (await s.reader.json<Lookup>('GET', `/findings?image=${encodeURIComponent(`${repo}:2.0`)}`))
        .digest,
    ).toBe(digestOf('b'));
  });

  it('refuses reports without digests, with the field path', async () => {
    const res = await s.admin.req('POST', '/findings', {
      ArtifactName: 'x',
      Metadata: { RepoDigests: [] },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors?.[0]?.path).toBe('Metadata.RepoDigests');
  });

  it('refuses reports the findings schema would refuse (too many tags, a long tag, too many findings), with the path, so gates still get a valid answer', async () => {
    const digest = (seed: string) => digestOf(`oversize:${seed}`);
    const doc = (seed: string, repo: string, tags: string[], vulnerabilities: unknown[] = []) => ({
      ArtifactName: 'x',
      SchemaVersion: 2,
      Metadata: { RepoDigests: [`${repo}@${digest(seed)}`], RepoTags: tags },
      Results: [{ Target: 't', Vulnerabilities: vulnerabilities }],
    });
    const many = Array.from({ length: 1001 }, (_, i) => `reg.io/app:t${i}`);
    // 1,020 characters as written, past 1,024 once normalised with docker.io/library/.
    const short = `a${'b'.repeat(900)}`;
    const vulns = Array.from({ length: 100_001 }, (_, i) => ({ VulnerabilityID: `CVE-0-${i}` }));
    const cases: [string, unknown, string][] = [
      ['tags', doc('tags', 'reg.io/app', many), 'tags'],
      ['long', doc('long', short, [`${short}:${'t'.repeat(118)}`]), 'tags.0'],
      ['vulns', doc('vulns', 'reg.io/app', [], vulns), 'vulnerabilities'],
    ];
    for (const [, body, path] of cases) {
      const res = await s.admin.json<Problem>('POST', '/findings', body, 400);
      expect(res.errors?.[0]?.path).toBe(path);
    }
    const res = await askAsGate(await registeredGate('oversize'), {
      digests: cases.map(([seed]) => digest(seed)),
      references: [],
    });
    const answer = GateFindingsResponseSchema.parse(await res.json());
    expect(Object.values(answer.reports)).toEqual([null, null, null]);
  });

  it('accepts uploads above the 1 MB default limit (findings allow 32 MB)', async () => {
    const big = {
      ...trivyReport(repo, 'big', [{ id: 'CVE-2024-0003', severity: 'MEDIUM' }]),
      Padding: 'x'.repeat(2 * 1024 * 1024),
    };
    expect((await s.admin.req('POST', '/findings', big)).status).toBe(201);
  });

  it('answers gates in one batch: reports per digest and tag → digest', async () => {
    const res = await askAsGate(await registeredGate('findings'), {
      digests: [digestOf(`${repo}:1.0`), digestOf('never')],
      references: [`${repo}:1.0`],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      reports: Record<string, FindingsReport | null>;
      tags: Record<string, string>;
    };
    expect(body.reports[digestOf('never')]).toBeNull();
    expect(body.reports[digestOf(`${repo}:1.0`)]?.vulnerabilities).toHaveLength(2);
    expect(body.tags[`${repo}:1.0`]).toBe(digestOf(`${repo}:1.0`));
    // An upload is vouched for by its authenticated uploader; the audit event records that source.
    const signature = body.reports[digestOf(`${repo}:1.0`)]?.signature;
    expect(signature?.status).toBe('verified');
    expect(signature?.signer).toMatch(/^upload:/);
    const audit = await s.reader.json<{ items: { action: string; after: unknown }[] }>(
      'GET',
      '/audit-log?limit=50',
    );
    const uploaded = audit.items.find((e) => e.action === 'findings.upload')?.after as
      { source?: string; signer?: string } | undefined;
    expect(uploaded?.source).toBe('upload');
    expect(uploaded?.signer).toMatch(/^upload:/);
  });

  it("stores other scanners' formats too (Grype JSON), and refuses a VEX upload with a reason", async () => {
    const fixture = (name: string): unknown =>
      JSON.parse(
        readFileSync(
          new URL(`../../../../shared/src/findings/fixtures/${name}`, import.meta.url),
          'utf8',
        ),
      );
    const up = await s.admin.json<{ stored: { digest: string; vulnerabilities: number }[] }>(
      'POST',
      '/findings',
      fixture('grype-web.json'),
      201,
    );
    expect(up.stored[0]?.digest).toBe(
      'sha256:9f2c1a0b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615e4d3',
    );
    const stored = await s.reader.json<Lookup>(
      'GET',
      `/findings?digest=${up.stored[0]?.digest ?? ''}`,
    );
    expect(stored.report?.format).toBe('grype');
    expect(stored.report?.vulnerabilities.length).toBe(up.stored[0]?.vulnerabilities);
    const vex = await s.admin.json<Problem>('POST', '/findings', fixture('openvex-web.json'), 400);
    expect(vex.detail).toContain('VEX');
  });

  describe('real scanner output (shared/src/findings/fixtures/real)', () => {
    const real = (name: string): Record<string, unknown> =>
      JSON.parse(
        readFileSync(
          new URL(`../../../../shared/src/findings/fixtures/real/${name}`, import.meta.url),
          'utf8',
        ),
      ) as Record<string, unknown>;
    const alpine = 'sha256:451eee8bedcb2f029756dc3e9d73bab0e7943c1ac55cff3a4861c52a0fdd3e98';
    type Stored = { stored: { digest: string; tags: string[]; vulnerabilities: number }[] };

    it('a cosign vuln attestation with Trivy inside (CreatedAt a number) stores its Critical finding', async () => {
      const up = await s.admin.json<Stored>(
        'POST',
        '/findings',
        {
          _type: 'https://in-toto.io/Statement/v0.1',
          predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1',
          subject: [
            { name: 'index.docker.io/library/alpine', digest: { sha256: alpine.slice(7) } },
          ],
          predicate: real('cosign-vuln-trivy-alpine.predicate.json'),
        },
        201,
      );
      expect(up.stored).toEqual([{ digest: alpine, tags: [], vulnerabilities: 1 }]);
      const got = await s.reader.json<Lookup>('GET', `/findings?digest=${alpine}`);
      expect(got.report?.vulnerabilities[0]).toMatchObject({
        id: 'CVE-2021-36159',
        severity: 'Critical',
      });
    });

    it('an attestation whose entries cannot be read is refused (400 with the path), not stored as clean', async () => {
      const predicate = real('cosign-vuln-trivy-alpine.predicate.json');
      const result = (predicate.scanner as { result: { Results: [{ Vulnerabilities: [object] }] } })
        .result;
      result.Results[0].Vulnerabilities[0] = { PkgName: 'apk-tools' };
      const digest = digestOf('unreadable');
      const res = await s.admin.json<Problem>(
        'POST',
        '/findings',
        {
          _type: 'https://in-toto.io/Statement/v0.1',
          predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1',
          subject: [{ digest: { sha256: digest.slice(7) } }],
          predicate,
        },
        400,
      );
      expect(res.detail).toContain('could not be read');
      expect(res.errors?.[0]?.path).toBe(
        'predicate.scanner.result.Results.0.Vulnerabilities.0.VulnerabilityID',
      );
      expect((await s.reader.json<Lookup>('GET', `/findings?digest=${digest}`)).report).toBeNull();
    });

    it('a Trivy Operator VulnerabilityReport names no digest: ?image=repo:tag@digest supplies it', async () => {
      const cr = real('trivy-operator-vulnerabilityreport.json');
      const refused = await s.admin.json<Problem>('POST', '/findings', cr, 400);
      expect(refused.errors?.[0]?.path).toBe('report.artifact.digest');
      const digest = digestOf('nginx-1.16');
      const image = encodeURIComponent(`nginx:1.16@${digest}`);
      const up = await s.admin.json<Stored>('POST', `/findings?image=${image}`, cr, 201);
      expect(up.stored).toEqual([
        { digest, tags: ['docker.io/library/nginx:1.16'], vulnerabilities: 2 },
      ]);
      const byTag = await s.reader.json<Lookup>(
        'GET',
        `/findings?image=${encodeURIComponent('nginx:1.16')}`,
      );
      expect(byTag.digest).toBe(digest);
    });

    it('SARIF of a tarball scan (Trivy) and of an image (Grype) name no digest: ?image=repo:tag@digest supplies it', async () => {
      const trivySarif = real('trivy-alpine-310-tarball.sarif.json');
      const refused = await s.admin.json<Problem>('POST', '/findings', trivySarif, 400);
      expect(refused.errors?.[0]?.path).toBe('runs.0.properties.repoDigests');
      const digest = digestOf('alpine-310-tarball');
      const image = encodeURIComponent(`registry.example/base/alpine:3.10@${digest}`);
      const up = await s.admin.json<Stored>('POST', `/findings?image=${image}`, trivySarif, 201);
      expect(up.stored).toEqual([
        { digest, tags: ['registry.example/base/alpine:3.10'], vulnerabilities: 8 },
      ]);
      const byTag = await s.reader.json<Lookup>(
        'GET',
        `/findings?image=${encodeURIComponent('registry.example/base/alpine:3.10')}`,
      );
      expect(byTag.digest).toBe(digest);
      expect(byTag.report?.vulnerabilities[0]).toMatchObject({
        id: 'CVE-2019-1549',
        package: 'libcrypto1.1',
        installedVersion: '1.1.1c-r0',
        fixedVersion: '1.1.1d-r0',
        severity: 'Medium',
      });

      const grypeDigest = digestOf('grype-sarif');
      const grype = await s.admin.json<Stored>(
        'POST',
        `/findings?digest=${grypeDigest}`,
        real('grype-image.sarif.json'),
        201,
      );
      expect(grype.stored[0]).toMatchObject({ digest: grypeDigest, vulnerabilities: 2 });
      const got = await s.reader.json<Lookup>('GET', `/findings?digest=${grypeDigest}`);
      expect(got.report?.vulnerabilities.map((v) => [v.id, v.severity, v.fixedVersion])).toEqual([
        ['CVE-1999-0001', 'Low', 'the-next-version'],
        ['CVE-1999-0002', 'Critical', undefined],
      ]);
    });

    it('Grype naming the image only by manifestDigest keeps its tag map: the tag resolves to the digest', async () => {
      const doc = real('grype-imgs-presenter.json');
      const target = (doc.source as { target: Record<string, unknown> }).target;
      target.userInput = 'registry.example/shop/api:2.0';
      target.tags = ['registry.example/shop/api:2.0'];
      const manifestDigest = String(target.manifestDigest);
      const up = await s.admin.json<Stored>('POST', '/findings', doc, 201);
      expect(up.stored).toEqual([
        { digest: manifestDigest, tags: ['registry.example/shop/api:2.0'], vulnerabilities: 2 },
      ]);
      const byTag = await s.reader.json<Lookup>(
        'GET',
        `/findings?image=${encodeURIComponent('registry.example/shop/api:2.0')}`,
      );
      expect(byTag.digest).toBe(manifestDigest);
      expect(byTag.report?.vulnerabilities).toHaveLength(2);
    });

    it('the Trivy document inside the cosign predicate, uploaded on its own, is accepted (CreatedAt a number)', async () => {
      const trivy = (real('cosign-vuln-trivy-alpine.predicate.json').scanner as { result: object })
        .result;
      const up = await s.admin.json<Stored>('POST', '/findings', trivy, 201);
      expect(up.stored).toEqual([
        { digest: alpine, tags: ['docker.io/library/alpine:3.10'], vulnerabilities: 1 },
      ]);
    });

    it('a report whose vulnerability list is not a list is refused (400 with the path), never stored clean', async () => {
      const doc = real('trivy-alpine-310-registry.json');
      (doc.Results as [{ Vulnerabilities: unknown }])[0].Vulnerabilities = { many: true };
      const res = await s.admin.json<Problem>('POST', '/findings', doc, 400);
      expect(res.errors?.[0]?.path).toBe('Results.0.Vulnerabilities');
    });

    it('a repository scan (no RepoDigests) is stored for ?digest=, and a digest the image contradicts is refused', async () => {
      const digest = digestOf('pom');
      const up = await s.admin.json<Stored>(
        'POST',
        `/findings?digest=${digest}`,
        real('trivy-pom.json'),
        201,
      );
      expect(up.stored[0]).toMatchObject({ digest, vulnerabilities: 2 });
      const clash = await s.admin.json<Problem>(
        'POST',
        `/findings?digest=${digest}&image=${encodeURIComponent(`shop/web@${digestOf('other')}`)}`,
        real('trivy-pom.json'),
        400,
      );
      expect(clash.errors?.[0]?.path).toBe('query.digest');
    });
  });
});
