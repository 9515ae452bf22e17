import { randomUUID } from 'node:crypto';
import type { AdmissionEvent } from '@gated/shared';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldKeyOf } from '../modules/admissions/admission-row.js';
import { admissionEvent } from '../testing/fixtures.js';
import { openTestStore, storesUnderTest } from '../testing/test-stores.js';
import { FOLD_WINDOW_MS, ingestEvents, openFoldTargets } from './admissions.repo.js';
import { queryRows, type Store } from './db.js';

const kinds = await storesUnderTest();
const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** Rows every scan of admission_events produced or filtered away, over all its loops. */
function rowsRead(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'admission_events'
      ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) *
        (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child), 0);
}

describe.each(kinds)('the fold lookup on the %s store', (kind) => {
  let store: Store;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, close } = await openTestStore(kind));
  });
  afterAll(() => close());

  it('reads one row per key, however many events the fold window holds and dry runs a key has', async () => {
    // A day of history, analysed: the planner's statistics say the fold window is empty…
    await ingestEvents(
      store.db,
      Array.from({ length: 500 }, (_, i) =>
        admissionEvent({ time: at(T0 - 86_400_000 - i * 1000), name: `old-${i}` }),
      ),
    );
    await store.db.execute(sql`ANALYZE admission_events`);
    // …then a busy minute fills it with 3,000 events of distinct workloads.
    const recent = Array.from({ length: 3000 }, (_, i) =>
      admissionEvent({ time: at(T0 - 60_000 + i * 10), name: `recent-${i}` }),
    );
    for (let b = 0; b < recent.length; b += 500)
      await ingestEvents(store.db, recent.slice(b, b + 500));
    const earliest = T0 - FOLD_WINDOW_MS;
    const edgeIn = admissionEvent({ time: at(earliest), name: 'edge-in' });
    const edgeOut = admissionEvent({ time: at(earliest - 1), name: 'edge-out' });
    const known = recent.filter((_, i) => i % 60 === 0);
    // Dry runs of the first known workload, newer than it: same fold key, never folded into.
    const dryRuns = Array.from({ length: 200 }, (_, i) => ({
      ...(known[0] as AdmissionEvent),
      id: randomUUID(),
      time: at(T0 - 1000 + i),
      dryRun: true,
    }));
    await ingestEvents(store.db, [edgeIn, edgeOut, ...dryRuns]);

    const keys = [...[...known, edgeIn, edgeOut].map((e) => foldKeyOf(e)), 'never-seen'];
    const lookup = openFoldTargets(keys, at(earliest));
    const found = await queryRows<{ id: string; fold_key: string }>(store.db, lookup);
    expect(new Map(found.map((r) => [r.fold_key, r.id]))).toEqual(
      new Map([...known, edgeIn].map((e) => [foldKeyOf(e), e.id])),
    );

    const [explained] = await queryRows<{ 'QUERY PLAN': unknown }>(
      store.db,
      sql`EXPLAIN (ANALYZE, FORMAT JSON) ${lookup}`,
    );
    const raw = explained?.['QUERY PLAN'];
    const [plan] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
    expect(rowsRead(plan.Plan)).toBeLessThanOrEqual(keys.length);
  });
});
