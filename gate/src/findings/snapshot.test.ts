/** The findings snapshot: round trip with ages, byte and age bounds, damage refused (real files, own clock). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDigest, testReport } from '../testing/policy-fixtures.js';
import { FindingsCache } from './cache.js';
import {
  FINDINGS_SNAPSHOT_FILE,
  loadFindingsSnapshot,
  saveFindingsSnapshot,
  SnapshotError,
} from './snapshot.js';
import type { FindingsSource } from './source.js';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const DAY = 86_400_000;
const bounds = { maxBytes: 1024 * 1024, maxAgeMs: 7 * DAY };

/** A source that always fails: the control plane is down. */
const down: FindingsSource = {
  name: 'control-plane',
  digestSource: 'report',
  lookup: () => Promise.reject(new Error('connection refused')),
};

function cacheAt(clock: { now: number }, sources: FindingsSource[] = [down]) {
  return new FindingsCache({
    sources,
    budgetMs: 50,
    tagTtlMs: 60_000,
    reportTtlMs: 900_000,
    maxEntries: 1000,
    clock: () => clock.now,
  });
}

const dir = () => mkdtempSync(path.join(tmpdir(), 'gate-snapshot-'));

describe('findings snapshot', () => {
  it('restores tags and reports as old as they were: served only when every source fails', async () => {
    const clock = { now: T0 };
    const before = cacheAt(clock);
    const digest = testDigest('s1');
    before.putTag('myacr.azurecr.io/shop/api:1.4', digest);
    before.putReport(digest, testReport(digest, 1));
    const d = dir();
    expect(await saveFindingsSnapshot(d, before, bounds, T0)).toMatchObject({
      tags: 1,
      reports: 1,
    });

    clock.now = T0 + DAY; // a day later, the control plane down
    const after = cacheAt(clock);
    expect(await loadFindingsSnapshot(d, after, bounds, clock.now)).toMatchObject({
      tags: 1,
      reports: 1,
    });
    const lookup = await after.prefetch([
      { normalized: 'myacr.azurecr.io/shop/api:1.4', registry: 'myacr.azurecr.io' },
    ]);
    expect(lookup.resolveDigest('myacr.azurecr.io/shop/api:1.4')).toBe(digest);
    expect(lookup.findings(digest).status).toBe('found');
    // Unknown tag, source down: unavailable (not "unscanned").
    const other = await after.prefetch([
      { normalized: 'myacr.azurecr.io/shop/new:1', registry: 'myacr.azurecr.io' },
    ]);
    expect(other.digestUnavailable?.('myacr.azurecr.io/shop/new:1')).toBe(true);
  });

  it('serialises a large cache in slices: admissions that arrive meanwhile run between reports', async () => {
    const clock = { now: T0 };
    const c = cacheAt(clock);
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      const digest = testDigest(`slice-${i}`);
      // JSON.stringify calls toJSON: it marks when this report was serialised.
      const report = testReport(digest, 2);
      const marked = Object.assign(
        { ...report },
        {
          toJSON: () => {
            order.push(`report ${i}`);
            // An admission arrives while the save runs.
            if (i === 1) setImmediate(() => order.push('admission'));
            return report;
          },
        },
      );
      c.putReport(digest, marked);
    }
    const d = dir();
    // A slice of 0 ms: a turn of the event loop before every report.
    expect(await saveFindingsSnapshot(d, c, bounds, T0, 0)).toMatchObject({ reports: 5 });
    // Before, all five were serialised in one synchronous run and the admission came after them.
    const reports = order.filter((o) => o.startsWith('report'));
    expect(reports).toHaveLength(5);
    expect(order.indexOf('admission')).toBeGreaterThan(order.indexOf(reports[1] as string));
    expect(order.indexOf('admission')).toBeLessThan(order.indexOf(reports[4] as string));
    const restored = cacheAt(clock);
    expect(await loadFindingsSnapshot(d, restored, bounds, T0)).toMatchObject({ reports: 5 });
  });

  it('keeps within its byte bound, most recent first, and skips answers past the age bound', async () => {
    const clock = { now: T0 - 10 * DAY };
    const c = cacheAt(clock);
    c.putReport(testDigest('ancient'), testReport(testDigest('ancient'), 1));
    for (let i = 0; i < 20; i++) {
      clock.now = T0 + i * 1000;
      c.putReport(testDigest(i), testReport(testDigest(i), 3));
    }
    const one = Buffer.byteLength(readSizeOf(c, testDigest(0)));
    const d = dir();
    const saved = await saveFindingsSnapshot(
      d,
      c,
      { maxBytes: one * 5 + 10, maxAgeMs: 7 * DAY },
      T0 + 20_000,
    );
    expect(saved.reports).toBe(5);
    expect(saved.bytes).toBeLessThanOrEqual(one * 5 + 10);
    const text = readFileSync(path.join(d, FINDINGS_SNAPSHOT_FILE), 'utf8');
    expect(text).toContain(testDigest(19));
    expect(text).not.toContain(testDigest(0));
    expect(text).not.toContain(testDigest('ancient'));
  });

  it('refuses a damaged or truncated file whole, and reports no file as none', async () => {
    const d = dir();
    const c = cacheAt({ now: T0 });
    expect(await loadFindingsSnapshot(d, c, bounds, T0)).toBeNull();
    const file = path.join(d, FINDINGS_SNAPSHOT_FILE);
    writeFileSync(file, 'garbage\n');
    await expect(loadFindingsSnapshot(d, c, bounds, T0)).rejects.toBeInstanceOf(SnapshotError);
    const digest = testDigest('x');
    writeFileSync(
      file,
      `${JSON.stringify({ v: 1, savedAt: 'x', tags: 0, reports: 1 })}\n${JSON.stringify({ r: digest, report: { not: 'a report' }, at: T0 })}\n`,
    );
    await expect(loadFindingsSnapshot(d, c, bounds, T0)).rejects.toThrow(/not a findings report/);
    expect(c.size).toEqual({ tags: 0, reports: 0 });
  });
});

/** The snapshot line of one report, for sizing the bound in the test above. */
function readSizeOf(c: FindingsCache, digest: string): string {
  const r = c.entries().reports.find((e) => e.key === digest);
  return `${JSON.stringify({ r: digest, report: r?.value, at: r?.storedAt })}\n`;
}
