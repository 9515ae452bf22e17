import type {
  CatalogueList,
  CatalogueSummary,
  Environment,
  GatePolicy,
  Problem,
  RegisteredCluster,
} from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { awsEnvironment, ruleInput } from '../../testing/fixtures.js';
import { useSuite } from '../../testing/suite.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { EPSS_CSV, KEV_JSON } from './catalogue-fixtures.js';

const kinds = await storesUnderTest();
const CSV = { 'content-type': 'text/csv' };

describe.each(kinds)('catalogues on %s', (kind) => {
  const s = useSuite(kind);

  it('admins import CISA KEV and FIRST EPSS as published; everyone lists them with date and count', async () => {
    expect((await s.reader.json<CatalogueList>('GET', '/catalogues')).items).toEqual([]);
    const kev = await s.admin.json<CatalogueSummary>('PUT', '/catalogues/kev', KEV_JSON);
    expect(kev).toMatchObject({
      kind: 'kev',
      version: '2025.02.25',
      entries: 3,
      importedBy: 'admin',
    });
    const epss = await s.admin.json<CatalogueSummary>(
      'PUT',
      '/catalogues/epss',
      EPSS_CSV,
      200,
      CSV,
    );
    expect(epss).toMatchObject({
      kind: 'epss',
      version: 'v2025.03.14',
      publishedAt: '2026-03-28T12:55:00.000Z',
      entries: 4,
    });
    const listed = await s.reader.json<CatalogueList>('GET', '/catalogues');
    expect(listed.items.map((c) => [c.kind, c.title, c.publishedAt, c.entries])).toEqual([
      ['epss', 'FIRST EPSS', '2026-03-28T12:55:00.000Z', 4],
      ['kev', 'CISA Known Exploited Vulnerabilities', '2025-02-25T20:33:53.367Z', 3],
    ]);
  });

  it('refuses what is not the catalogue with the reason, and keeps the previous import', async () => {
    const bad = await s.admin.json<Problem>(
      'PUT',
      '/catalogues/epss',
      '#model_version:v2025.03.14,score_date:2026-03-28T12:55:00Z\ncve,epss,percentile\nCVE-2021-44228,1.7,0.9\n',
      400,
      CSV,
    );
    expect(bad.detail).toMatch(/line 3: score "1.7" is not between 0 and 1/);
    const cut = JSON.parse(KEV_JSON) as { count: number };
    cut.count = 1280;
    const refused = await s.admin.json<Problem>('PUT', '/catalogues/kev', cut, 400);
    expect(refused.detail).toMatch(/says it lists 1280/);
    const listed = await s.reader.json<CatalogueList>('GET', '/catalogues');
    expect(listed.items.find((c) => c.kind === 'epss')?.entries).toBe(4);
  });

  it('readers cannot import', async () => {
    const res = await s.reader.req('PUT', '/catalogues/kev', KEV_JSON);
    expect(res.status).toBe(403);
  });

  it('the gate policy carries only what its rules use, and changes revision on import', async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('cat'),
      201,
    );
    const reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: `cat-${kind}` },
      201,
    );
    const policy = async () => {
      const res = await s.t.request('/api/v1/gate/policy', {
        headers: { authorization: `Bearer ${reg.gateToken}` },
      });
      return (await res.json()) as GatePolicy;
    };
    expect((await policy()).catalogues).toBeUndefined();
    await s.admin.json(
      'POST',
      '/rules',
      ruleInput(`epss only ${kind}`, {
        scope: { name: 'cat', cloudScopes: [env.id] },
        conditions: { epssAtLeast: 0.5 },
      }),
      201,
    );
    const withEpss = await policy();
    expect(withEpss.catalogues?.kev).toBeUndefined();
    expect(withEpss.catalogues?.epss).toMatchObject({
      minScore: 0.5,
      scores: { 'CVE-2021-44228': 0.94358, 'CVE-2009-3129': 0.59441 },
    });
    expect(Object.keys(withEpss.catalogues?.epss?.scores ?? {})).toHaveLength(2);
    await s.admin.json('PUT', '/catalogues/epss', EPSS_CSV.replace('0.94358', '0.41'), 200, CSV);
    const after = await policy();
    expect(after.revision).not.toBe(withEpss.revision);
    expect(Object.keys(after.catalogues?.epss?.scores ?? {})).toEqual(['CVE-2009-3129']);
  });
});
