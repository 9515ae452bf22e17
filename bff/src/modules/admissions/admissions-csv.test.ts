/** CSV export neutralises cells a spreadsheet would run as a formula, TAB and CR prefixes included. */
import type { Environment, RegisteredCluster } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { admissionEvent, awsEnvironment } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';
import { cell } from './admissions-csv.js';

const kinds = await storesUnderTest();
const HOSTILE = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'];

describe('cell', () => {
  it.each(HOSTILE)('prefixes %j with a quote', (v) => {
    expect(cell(v)).toBe(`"'${v.replaceAll('"', '""')}"`);
  });

  it('leaves ordinary values alone, quoted', () => {
    expect(cell('web')).toBe('"web"');
    expect(cell(3)).toBe('"3"');
    expect(cell('a "b"')).toBe('"a ""b"""');
    expect(cell(null)).toBe('""');
  });
});

describe.each(kinds)('CSV export on %s', (kind) => {
  const s = useSuite(kind);

  it('neutralises hostile reasons in the exported file', async () => {
    const env = await s.admin.json<Environment>('POST', '/environments', awsEnvironment(), 201);
    const reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'csv' },
      201,
    );
    const base = Date.UTC(2030, 0, 1);
    const events = HOSTILE.map((reason, i) =>
      admissionEvent({
        namespace: 'hostile',
        name: `w${i}`,
        reason,
        time: new Date(base + i * 1000).toISOString(),
      }),
    );
    const res = await s.t.request('/api/v1/gate/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${reg.gateToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
    const text = await (
      await s.reader.req(
        'GET',
        '/admissions/export.csv?namespace=hostile&from=2029-12-31T00:00:00Z',
      )
    ).text();
    for (const reason of HOSTILE) {
      expect(text).toContain(`"'${reason.replaceAll('"', '""')}"`);
      expect(text).not.toMatch(
        new RegExp(
          `(^|,)"${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('"', '""')}`,
          'm',
        ),
      );
    }
  });
});
