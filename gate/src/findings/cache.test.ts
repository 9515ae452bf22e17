/** The findings cache: hits without I/O, batched misses, the time budget, newest-report-wins merging. */
import type { FindingsReport } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { testDigest, testReport } from '../testing/policy-fixtures.js';
import { FindingsCache, type FindingsCacheOptions } from './cache.js';
import type { FindingsRequest, FindingsSource, SourceAnswer } from './source.js';

const TAG = { normalized: 'myacr.azurecr.io/shop/api:1.4', registry: 'myacr.azurecr.io' };
const D1 = testDigest('d1');

/** A real in-process source with scripted answers and a configurable delay. */
class ScriptedSource implements FindingsSource {
  calls: FindingsRequest[] = [];
  delayMs = 0;
  fail = false;
  constructor(
    readonly name: string,
    readonly digestSource: 'report' | 'registry',
    readonly tags = new Map<string, string>(),
    readonly reports = new Map<string, FindingsReport>(),
  ) {}
  async lookup(request: FindingsRequest): Promise<SourceAnswer> {
    this.calls.push(request);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.fail) throw new Error('source down');
    const digests = new Map<string, string>();
    for (const t of request.tags) {
      const d = this.tags.get(t.normalized);
      if (d) digests.set(t.normalized, d);
    }
    const reports = new Map<string, FindingsReport | null>();
    for (const d of [...request.digests, ...digests.values()])
      reports.set(d, this.reports.get(d) ?? null);
    return { digests, reports };
  }
}

function cache(sources: FindingsSource[], extra: Partial<FindingsCacheOptions> = {}) {
  const counts = { hit: 0, miss: 0, unavailable: 0 };
  const c = new FindingsCache({
    sources,
    budgetMs: 100,
    tagTtlMs: 60_000,
    reportTtlMs: 600_000,
    maxEntries: 1000,
    onHit: () => counts.hit++,
    onMiss: () => counts.miss++,
    onUnavailable: (n) => (counts.unavailable += n),
    ...extra,
  });
  return { c, counts };
}

describe('FindingsCache', () => {
  it('resolves a tag and its findings in one batched call, then answers from memory', async () => {
    const src = new ScriptedSource(
      'cp',
      'report',
      new Map([[TAG.normalized, D1]]),
      new Map([[D1, testReport(D1, 3)]]),
    );
    const { c, counts } = cache([src]);
    const first = await c.prefetch([TAG]);
    expect(first.resolveDigest(TAG.normalized)).toBe(D1);
    expect(first.findings(D1)).toMatchObject({ status: 'found', source: 'upload:trivy' });
    expect(src.calls).toHaveLength(1);
    expect(counts.miss).toBe(1);

    const second = await c.prefetch([TAG]);
    expect(second.findings(D1).status).toBe('found');
    expect(src.calls).toHaveLength(1);
    expect(counts.hit).toBe(2);
  });

  it('says unscanned for a digest no source has a report for', async () => {
    const src = new ScriptedSource('cp', 'report');
    const { c } = cache([src]);
    const lookup = await c.prefetch([{ normalized: `x.io/a@${D1}`, digest: D1, registry: 'x.io' }]);
    expect(lookup.findings(D1)).toEqual({ status: 'unscanned' });
    expect(src.calls[0]?.pinned?.[0]?.digest).toBe(D1);
  });

  it('treats a lookup over its budget as unavailable, and the late answer fills the cache', async () => {
    const src = new ScriptedSource('cp', 'report', new Map(), new Map([[D1, testReport(D1, 1)]]));
    src.delayMs = 250;
    const { c, counts } = cache([src], { budgetMs: 30 });
    const pinned = { normalized: `x.io/a@${D1}`, digest: D1, registry: 'x.io' };
    const slow = await c.prefetch([pinned]);
    expect(slow.findings(D1)).toEqual({ status: 'unavailable' });
    expect(counts.unavailable).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect((await c.prefetch([pinned])).findings(D1).status).toBe('found');
    expect(src.calls).toHaveLength(1);
  });

  it('is unavailable when every source fails, but a stale cached answer is used instead when there is one', async () => {
    const src = new ScriptedSource('cp', 'report', new Map(), new Map([[D1, testReport(D1, 1)]]));
    let now = 0;
    const { c } = cache([src], { clock: () => now, reportTtlMs: 1000 });
    const pinned = { normalized: `x.io/a@${D1}`, digest: D1, registry: 'x.io' };
    await c.prefetch([pinned]);
    src.fail = true;
    now = 5000;
    expect((await c.prefetch([pinned])).findings(D1).status).toBe('found');
    const other = testDigest('d2');
    expect(
      (
        await c.prefetch([{ normalized: `x.io/a@${other}`, digest: other, registry: 'x.io' }])
      ).findings(other).status,
    ).toBe('unavailable');
  });

  it('refreshes ahead of expiry in the background while serving the cached answer', async () => {
    const src = new ScriptedSource(
      'cp',
      'report',
      new Map([[TAG.normalized, D1]]),
      new Map([[D1, testReport(D1, 1)]]),
    );
    let now = 0;
    const { c } = cache([src], { clock: () => now, tagTtlMs: 1000 });
    await c.prefetch([TAG]);
    now = 900; // past 80 % of the tag TTL
    const lookup = await c.prefetch([TAG]);
    expect(lookup.resolveDigest(TAG.normalized)).toBe(D1);
    await new Promise((r) => setTimeout(r, 20));
    expect(src.calls).toHaveLength(2);
  });

  it('merges sources: the newest report wins and a registry resolution beats a report tag map', async () => {
    const older = testReport(D1, 5, { scannedAt: '2026-01-01T00:00:00.000Z' });
    const D2 = testDigest('d2');
    const newer = testReport(D1, 0, {
      scannedAt: '2026-06-01T00:00:00.000Z',
      source: 'registry',
      format: 'sarif',
    });
    const cp = new ScriptedSource(
      'cp',
      'report',
      new Map([[TAG.normalized, D2]]),
      new Map([[D1, older]]),
    );
    const reg = new ScriptedSource(
      'registry',
      'registry',
      new Map([[TAG.normalized, D1]]),
      new Map([[D1, newer]]),
    );
    const { c } = cache([cp, reg]);
    const lookup = await c.prefetch([TAG]);
    expect(lookup.resolveDigest(TAG.normalized)).toBe(D1);
    expect(lookup.digestSource?.(TAG.normalized)).toBe('registry');
    expect(lookup.findings(D1)).toMatchObject({ status: 'found', source: 'registry:sarif' });
  });

  it("uses a fast source's answer when another source is over budget", async () => {
    const fast = new ScriptedSource(
      'cp',
      'report',
      new Map([[TAG.normalized, D1]]),
      new Map([[D1, testReport(D1, 2)]]),
    );
    const slow = new ScriptedSource('registry', 'registry');
    slow.delayMs = 300;
    const { c, counts } = cache([fast, slow], { budgetMs: 50 });
    const lookup = await c.prefetch([TAG]);
    expect(lookup.resolveDigest(TAG.normalized)).toBe(D1);
    expect(lookup.findings(D1).status).toBe('found');
    expect(counts.unavailable).toBe(0);
  });

  it('with no source at all, everything is unscanned without waiting', async () => {
    const { c } = cache([]);
    const lookup = await c.prefetch([{ normalized: `x.io/a@${D1}`, digest: D1, registry: 'x.io' }]);
    expect(lookup.findings(D1)).toEqual({ status: 'unscanned' });
  });

  it('evicts the least recently used entries beyond its size', () => {
    const { c } = cache([], { maxEntries: 100 });
    for (let i = 0; i < 150; i++) c.putReport(testDigest(i), null);
    expect(c.size.reports).toBe(100);
  });
});
