/**
 * Part of the admissions bench: p95 of each indexed filter (migration 0091) over the seeded
 * events, and the store's size before and after a retention pass prunes the older half
 * (docs/decisions/121-monitoring-layout-and-filter-indexes.md, 122-event-retention.md).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { AdmissionQuerySchema } from '@gated/shared';
import { EventRetention } from '../src/modules/admissions/event-retention.js';
import { storeBytes } from '../src/modules/observability/readiness.js';
import { listAdmissions } from '../src/store/admissions.repo.js';
import type { Store } from '../src/store/db.js';

type Timer = (fn: () => Promise<unknown>) => Promise<{ p50: number; p95: number }>;

const FILTERS: [string, Record<string, string>][] = [
  ['free text (q=app-1234)', { q: 'app-1234' }],
  ['image (image=app-777:1.)', { image: 'app-777:1.' }],
  ['CVE (cve=CVE-2024-1150)', { cve: 'CVE-2024-1150' }],
  ['rule (rule=rule-3)', { rule: 'rule-3' }],
  ['namespace prefix (namespace=ns-4)', { namespace: 'ns-4' }],
];

/** Bytes under a folder (the embedded store's data folder). */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}

const mb = (b: number | null) => (b === null ? '?' : `${(b / 1_048_576).toFixed(1)} MB`);

export async function printFilterFigures(store: Store, time: Timer): Promise<void> {
  for (const [label, filter] of FILTERS) {
    const q = AdmissionQuerySchema.parse({ ...filter, limit: 50 });
    const t = await time(() => listAdmissions(store.db, q));
    console.log(`list, ${label.padEnd(36)} p50 ${t.p50.toFixed(1)} ms  p95 ${t.p95.toFixed(1)} ms`);
  }
}

/** Prunes events last seen more than `spanS / 2` ago and prints the size before and after. */
export async function printPruneFigures(
  store: Store,
  spanS: number,
  dataDir: string | null,
): Promise<void> {
  const size = async () => (dataDir ? folderBytes(dataDir) : await storeBytes(store.db));
  const what = dataDir ? 'data folder' : 'database';
  const before = await size();
  const retention = new EventRetention({
    db: store.db,
    days: 30,
    now: () => Date.now() + 30 * 86_400_000 - (spanS * 1000) / 2,
  });
  const t0 = performance.now();
  const pruned = await retention.prune();
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `retention: pruned ${pruned.toLocaleString('en')} events in ${seconds.toFixed(1)} s; ${what} ${mb(before)} before, ${mb(await size())} after`,
  );
}
