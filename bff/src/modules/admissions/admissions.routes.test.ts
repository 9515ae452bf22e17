import type {
  AdmissionEvent,
  AdmissionPage,
  AdmissionStats,
  Environment,
  Problem,
  RegisteredCluster,
} from '@gated/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { admissionEvent, awsEnvironment } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();
const minutesAgo = (m: number, base = Date.now()) => new Date(base - m * 60_000).toISOString();

describe.each(kinds)('admissions on %s', (kind) => {
  const s = useSuite(kind);
  let reg: RegisteredCluster;
  const send = async (events: AdmissionEvent[]) => {
    const res = await s.t.request('/api/v1/gate/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${reg.gateToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { accepted: number; duplicates: number };
  };
  const list = (query: string) => s.reader.json<AdmissionPage>('GET', `/admissions?${query}`);

  beforeAll(async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('admissions'),
      201,
    );
    reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'adm' },
      201,
    );
  });

  it('folds repeats within 10 minutes into one event with a count, and never counts a retried id twice', async () => {
    const base = Date.now() - 3_600_000;
    const first = admissionEvent({ namespace: 'fold', time: minutesAgo(0, base) });
    const repeat = admissionEvent({ namespace: 'fold', time: minutesAgo(-4, base) });
    const other = admissionEvent({ namespace: 'fold', name: 'api', time: minutesAgo(-5, base) });
    const late = admissionEvent({ namespace: 'fold', time: minutesAgo(-30, base) });
    expect(await send([first, repeat, other])).toEqual({ accepted: 3, duplicates: 0, refused: [] });
    expect(await send([repeat])).toEqual({ accepted: 0, duplicates: 1, refused: [] });
    await send([late]);
    const page = await list('namespace=fold&sort=time:asc');
    expect(page.items.map((i) => [i.name, i.count])).toEqual([
      ['web', 2],
      ['api', 1],
      ['web', 1],
    ]);
    expect(page.items[0]?.lastSeenAt).toBe(repeat.time);
    const folded = await s.reader.json<AdmissionEvent>('GET', `/admissions/${first.id}`);
    expect(folded.count).toBe(2);
    expect(folded.trace).toBeDefined();
    expect('trace' in (page.items[0] ?? {})).toBe(false);
  });

  it('keeps the count and last time of repeats a gate already folded, and adds them when folding further', async () => {
    const base = Date.now() - 7_200_000;
    const gateFolded = admissionEvent({
      namespace: 'prefolded',
      time: minutesAgo(0, base),
      count: 5,
      lastSeenAt: minutesAgo(-2, base),
    });
    const later = admissionEvent({
      namespace: 'prefolded',
      time: minutesAgo(-3, base),
      count: 3,
      lastSeenAt: minutesAgo(-6, base),
    });
    expect(await send([gateFolded])).toEqual({ accepted: 1, duplicates: 0, refused: [] });
    expect(await send([later, gateFolded])).toEqual({ accepted: 1, duplicates: 1, refused: [] });
    const page = await list('namespace=prefolded');
    expect(page.items.map((i) => [i.id, i.count])).toEqual([[gateFolded.id, 8]]);
    expect(page.items[0]?.lastSeenAt).toBe(later.lastSeenAt);
  });

  it('stores dry-run events flagged, hidden unless asked for', async () => {
    await send([
      admissionEvent({ namespace: 'dry', dryRun: true }),
      admissionEvent({ namespace: 'dry', dryRun: true }),
    ]);
    expect((await list('namespace=dry')).items).toHaveLength(0);
    const shown = await list('namespace=dry&includeDryRun=true');
    expect(shown.items.map((i) => [i.dryRun, i.count])).toEqual([
      [true, 1],
      [true, 1],
    ]);
  });

  it('applies every filter', async () => {
    const t = Date.now() - 7_200_000;
    await send([
      admissionEvent({
        namespace: 'flt',
        name: 'a',
        decision: 'Allow',
        decidingRule: null,
        triggeredRules: [],
        worstFinding: null,
        time: minutesAgo(0, t),
      }),
      admissionEvent({
        namespace: 'flt',
        name: 'b',
        decision: 'Deny',
        time: minutesAgo(-1, t),
        reason: 'needle in reason',
      }),
      admissionEvent({
        namespace: 'flt',
        name: 'c',
        decision: 'Audit',
        time: minutesAgo(-2, t),
        images: [
          { reference: 'shop.azurecr.io/other:9', digest: null, summary: null, decision: 'Audit' },
        ],
        decidingRule: { id: 'r2', name: 'Audit highs', action: 'Audit' },
        triggeredRules: [{ id: 'r2', name: 'Audit highs', action: 'Audit' }],
        worstFinding: { id: 'CVE-2023-44487', severity: 'High', package: 'nghttp2' },
      }),
    ]);
    const names = async (q: string) =>
      (await list(`namespace=flt&${q}`)).items.map((i) => i.name).sort();
    expect(await names('')).toEqual(['a', 'b', 'c']);
    expect(await names('decision=Deny,Audit')).toEqual(['b', 'c']);
    expect(await names('cluster=adm')).toEqual(['a', 'b', 'c']);
    expect(await names('cluster=nope')).toEqual([]);
    expect(await names('rule=audit%20highs')).toEqual(['c']);
    expect(await names('image=other')).toEqual(['c']);
    expect(await names('cve=cve-2023-44487')).toEqual(['c']);
    expect(await names('q=NEEDLE')).toEqual(['b']);
    expect(
      await names(
        `from=${encodeURIComponent(minutesAgo(-1, t))}&to=${encodeURIComponent(minutesAgo(-2, t))}`,
      ),
    ).toEqual(['b']);
    const bad = await s.reader.req('GET', '/admissions?decision=Maybe&limit=0');
    expect(bad.status).toBe(400);
  });

  it('paginates with a keyset cursor that stays stable while new events arrive', async () => {
    const t = Date.now() - 10_800_000;
    const seeded = Array.from({ length: 23 }, (_, i) =>
      admissionEvent({ namespace: 'page', name: `w${i}`, time: minutesAgo(-i * 0.01, t) }),
    );
    await send(seeded);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: AdmissionPage = await list(
        `namespace=page&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
      // Concurrent inserts (newer, and same-time neighbours) must not shift later pages.
      await send([
        admissionEvent({ namespace: 'page', name: `new${pages}` }),
        admissionEvent({ namespace: 'page', name: `tie${pages}`, time: seeded[10]?.time ?? '' }),
      ]);
    } while (cursor);
    const seededIds = new Set(seeded.map((e) => e.id));
    const fromSeed = seen.filter((id) => seededIds.has(id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(fromSeed)).toEqual(seededIds);
    expect((await s.reader.req('GET', '/admissions?cursor=garbage')).status).toBe(400);
  });

  it('answers 400 Bad cursor, never 500, to a cursor the store cannot read, on the list and the CSV export', async () => {
    const zero = '00000000-0000-0000-0000-000000000000';
    for (const raw of [
      // 36 characters of hex and dashes, but not a UUID.
      `2024-01-01T00:00:00.000Z|${'-'.repeat(36)}`,
      // Times Date.parse reads and ::timestamptz does not.
      `1|${zero}`,
      `Jan 1 2024 (x)|${zero}`,
      `2024-01-01T00:00:00.000Z|${zero}|x`,
    ]) {
      const cursor = Buffer.from(raw).toString('base64url');
      for (const path of [
        `/admissions?cursor=${cursor}`,
        `/admissions/export.csv?cursor=${cursor}`,
      ]) {
        const res = await s.reader.req('GET', path);
        expect(res.status, `${path} (${raw})`).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        const problem = (await res.json()) as Problem;
        expect(problem.detail).toBe('Bad cursor');
        expect(problem.errors?.map((e) => e.path)).toEqual(['query.cursor']);
      }
    }
  });

  it('counts decisions per bucket, folded repeats by their count', async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 5 * 3_600_000;
    await send([
      admissionEvent({
        namespace: 'stats',
        decision: 'Deny',
        time: new Date(hour + 60_000).toISOString(),
      }),
      admissionEvent({
        namespace: 'stats',
        decision: 'Deny',
        time: new Date(hour + 120_000).toISOString(),
      }),
      admissionEvent({
        namespace: 'stats',
        name: 'x',
        decision: 'Allow',
        time: new Date(hour + 3_600_000 + 1000).toISOString(),
      }),
    ]);
    const stats = await s.reader.json<AdmissionStats>(
      'GET',
      '/admissions/stats?namespace=stats&bucket=1h',
    );
    expect(stats.buckets).toEqual([
      { start: new Date(hour).toISOString(), Allow: 0, Audit: 0, Deny: 2, NotGated: 0 },
      { start: new Date(hour + 3_600_000).toISOString(), Allow: 1, Audit: 0, Deny: 0, NotGated: 0 },
    ]);
  });

  it('streams CSV exports larger than one internal page (1,000 rows)', async () => {
    const t = Date.now() - 20_000_000;
    for (let b = 0; b < 3; b++) {
      await send(
        Array.from({ length: 400 }, (_, i) =>
          admissionEvent({
            namespace: 'csv',
            name: `w${b}-${i}`,
            time: new Date(t + (b * 400 + i) * 1000).toISOString(),
          }),
        ),
      );
    }
    const text = await (await s.reader.req('GET', '/admissions/export.csv?namespace=csv')).text();
    const rows = text.trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(1200);
    expect(new Set(rows).size).toBe(1200);
  });

  it('exports the filtered list as CSV', async () => {
    const res = await s.reader.req('GET', '/admissions/export.csv?namespace=flt');
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^time,lastSeenAt,count,decision/);
    expect(lines).toHaveLength(4);
    expect(lines.some((l) => l.includes('"needle in reason"'))).toBe(true);
  });
});
