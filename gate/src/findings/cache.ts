/**
 * The findings the hot path reads: tag → digest (short TTL: tags move) and digest → report (long
 * TTL: a digest's content never changes, only new scans arrive), LRU-bounded, refreshed ahead of
 * expiry in the background. `prefetch` answers from the cache without any I/O when it can; misses
 * go to the sources in one batch, awaited at most `budgetMs` — beyond that the image's findings are
 * "unavailable" (treated like unscanned), while the lookup keeps running to fill the cache.
 */
import type { FindingsReport } from '@gated/shared';
import type { FindingsAnswer, FindingsLookup } from '../engine/index.js';
import {
  newerReport,
  type FindingsQuery,
  type FindingsWorkload,
  type FindingsSource,
  type SourceAnswer,
} from './source.js';
import { answerOf, freshLookup, PrefetchedLookup, type TagEntry } from './prefetched-lookup.js';
import { TtlLru } from './ttl-lru.js';

export type { TagEntry } from './prefetched-lookup.js';

export interface FindingsCacheOptions {
  sources: readonly FindingsSource[];
  budgetMs: number;
  tagTtlMs: number;
  reportTtlMs: number;
  /** "No report" answers are kept this long (a scan may land any minute). */
  negativeTtlMs?: number;
  maxEntries: number;
  onHit?: (kind: 'tag' | 'digest') => void;
  onMiss?: (kind: 'tag' | 'digest') => void;
  onUnavailable?: (count: number) => void;
  onError?: (err: unknown) => void;
  clock?: () => number;
}

interface Merged {
  digests: Map<string, TagEntry>;
  reports: Map<string, FindingsReport | null>;
  /** Some source failed or had not answered: "not found" is then not a reliable "no report". */
  partial: boolean;
  answered: number;
  pending: number;
}

export class FindingsCache {
  private readonly tags: TtlLru<string, TagEntry>;
  private readonly reports: TtlLru<string, FindingsReport | null>;
  private readonly refreshing = new Set<string>();
  private readonly clock: () => number;
  private changes = 0;

  constructor(private readonly options: FindingsCacheOptions) {
    this.tags = new TtlLru(options.maxEntries);
    this.reports = new TtlLru(options.maxEntries);
    this.clock = options.clock ?? Date.now;
  }

  get size(): { tags: number; reports: number } {
    return { tags: this.tags.size, reports: this.reports.size };
  }

  /** Grows with every answer stored: a snapshot is due when it moved. */
  get version(): number {
    return this.changes;
  }

  /** Every cached answer with when it was stored, most recent first (./snapshot.ts). */
  entries(): {
    tags: { key: string; value: TagEntry; storedAt: number }[];
    reports: { key: string; value: FindingsReport | null; storedAt: number }[];
  } {
    return { tags: this.tags.newestFirst(), reports: this.reports.newestFirst() };
  }

  /**
   * Puts back an answer saved earlier, stored at `storedAt`: past its lifetime it is served only
   * when every source fails (the stale fallback of `prefetch`), which is what a restart in an
   * outage needs.
   */
  restoreTag(normalized: string, entry: TagEntry, storedAt: number): void {
    this.tags.set(normalized, entry, this.options.tagTtlMs, Math.min(storedAt, this.clock()));
  }

  restoreReport(digest: string, report: FindingsReport | null, storedAt: number): void {
    const ttl = report
      ? this.options.reportTtlMs
      : (this.options.negativeTtlMs ?? this.options.tagTtlMs);
    this.reports.set(digest, report, ttl, Math.min(storedAt, this.clock()));
  }

  /** Seeds the cache (benchmarks, tests, warm start). */
  putReport(digest: string, report: FindingsReport | null): void {
    const ttl = report
      ? this.options.reportTtlMs
      : (this.options.negativeTtlMs ?? this.options.tagTtlMs);
    this.reports.set(digest, report, ttl, this.clock());
  }

  putTag(
    normalized: string,
    digest: string | null,
    source: 'report' | 'registry' = 'report',
  ): void {
    this.tags.set(normalized, { digest, source }, this.options.tagTtlMs, this.clock());
  }

  /**
   * Everything the engine needs for these images (distinct, as `imagesToLookup` gives them: hits
   * are counted per image), within the budget. `workload` travels with the
   * sources' request (and with background refreshes it starts) for the registry's pull secrets.
   */
  async prefetch(
    images: readonly FindingsQuery[],
    workload?: FindingsWorkload,
  ): Promise<FindingsLookup> {
    const sources = this.options.sources;
    // With no source at all nothing can ever be found: unscanned, not unavailable.
    const fallback: FindingsAnswer =
      sources.length === 0 ? { status: 'unscanned' } : { status: 'unavailable' };
    const now = this.clock();
    const fresh = freshLookup(images, this.tags, this.reports, now, fallback);
    if (fresh) {
      const onHit = this.options.onHit;
      if (onHit) {
        for (let i = 0; i < fresh.tags.size; i++) onHit('tag');
        for (let i = 0; i < fresh.answers.size; i++) onHit('digest');
      }
      return fresh;
    }
    const lookup = new PrefetchedLookup(fallback);
    const missTags: FindingsQuery[] = [];
    const missDigests = new Set<string>();
    const pinned = new Map<string, FindingsQuery>();
    const stale = {
      tags: new Map<string, TagEntry>(),
      reports: new Map<string, FindingsReport | null>(),
    };
    const refresh = { tags: [] as FindingsQuery[], digests: [] as string[] };

    const needDigest = (digest: string) => {
      if (lookup.answers.has(digest) || missDigests.has(digest)) return;
      const hit = this.reports.get(digest, now);
      if (hit && !hit.expired) {
        this.options.onHit?.('digest');
        lookup.answers.set(digest, answerOf(hit.value));
        if (hit.refreshDue) refresh.digests.push(digest);
        return;
      }
      this.options.onMiss?.('digest');
      if (hit) stale.reports.set(digest, hit.value);
      missDigests.add(digest);
    };

    for (const q of images) {
      if (q.digest) {
        pinned.set(q.digest, q);
        needDigest(q.digest);
        continue;
      }
      const hit = this.tags.get(q.normalized, now);
      if (hit && !hit.expired) {
        this.options.onHit?.('tag');
        lookup.tags.set(q.normalized, hit.value);
        if (hit.value.digest) needDigest(hit.value.digest);
        if (hit.refreshDue) refresh.tags.push(q);
        continue;
      }
      this.options.onMiss?.('tag');
      if (hit) stale.tags.set(q.normalized, hit.value);
      missTags.push(q);
    }

    if (refresh.tags.length + refresh.digests.length > 0) {
      this.refreshInBackground(
        refresh.tags,
        refresh.digests,
        refresh.digests.flatMap((d) => (pinned.has(d) ? [pinned.get(d) as FindingsQuery] : [])),
        workload,
      );
    }
    if (missTags.length + missDigests.size === 0 || sources.length === 0) {
      for (const d of missDigests) lookup.answers.set(d, { status: 'unscanned' });
      return lookup;
    }

    const missPinned = [...missDigests].flatMap((d) =>
      pinned.has(d) ? [pinned.get(d) as FindingsQuery] : [],
    );
    const merged = await this.withinBudget(
      this.fetchAndStore(missTags, [...missDigests], missPinned, workload),
    );
    let unavailable = 0;
    for (const q of missTags) {
      const entry = merged?.digests.get(q.normalized) ?? stale.tags.get(q.normalized);
      if (entry) lookup.tags.set(q.normalized, entry);
      if (entry?.digest && !lookup.answers.has(entry.digest)) {
        const report = merged?.reports.get(entry.digest);
        if (report !== undefined) lookup.answers.set(entry.digest, answerOf(report));
        else {
          const cached = this.reports.get(entry.digest, this.clock());
          if (cached) lookup.answers.set(entry.digest, answerOf(cached.value));
          else unavailable++;
        }
      } else if (!entry && (!merged || merged.partial)) {
        lookup.markUnresolved(q.normalized);
        unavailable++;
      }
    }
    for (const d of missDigests) {
      const report = merged?.reports.get(d);
      const known = report !== undefined ? report : stale.reports.get(d);
      if (known !== undefined) lookup.answers.set(d, answerOf(known));
      else if (!merged || merged.partial) unavailable++;
      else lookup.answers.set(d, { status: 'unscanned' });
    }
    if (unavailable > 0) this.options.onUnavailable?.(unavailable);
    return lookup;
  }

  /**
   * Waits for the sources at most the budget. Sources answer independently: when the budget ends,
   * what the fast ones said is used (marked partial) and the slow ones keep filling the cache.
   * Undefined = no source answered in time.
   */
  private withinBudget(work: { merged: Merged; done: Promise<void> }): Promise<Merged | undefined> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        const m = work.merged;
        resolve(
          m.answered === 0
            ? undefined
            : {
                digests: new Map(m.digests),
                reports: new Map(m.reports),
                partial: m.partial || m.pending > 0,
                answered: m.answered,
                pending: m.pending,
              },
        );
      };
      const timer = setTimeout(finish, this.options.budgetMs);
      void work.done.then(finish);
    });
  }

  private refreshInBackground(
    tags: FindingsQuery[],
    digests: string[],
    pinned: FindingsQuery[],
    workload: FindingsWorkload | undefined,
  ): void {
    const t = tags.filter((q) => !this.refreshing.has(`t:${q.normalized}`));
    const d = digests.filter((x) => !this.refreshing.has(`d:${x}`));
    if (t.length + d.length === 0) return;
    const keys = [...t.map((q) => `t:${q.normalized}`), ...d.map((x) => `d:${x}`)];
    for (const k of keys) this.refreshing.add(k);
    void this.fetchAndStore(t, d, pinned, workload).done.finally(() => {
      for (const k of keys) this.refreshing.delete(k);
    });
  }

  /**
   * Asks every source in parallel. Each answer is merged (newest report wins; a registry's tag
   * resolution beats a report's tag map) and stored in the cache as it arrives. "No report" and
   * "unknown tag" are only cached once every source has answered without failing.
   */
  private fetchAndStore(
    tags: FindingsQuery[],
    digests: string[],
    pinned: FindingsQuery[],
    workload?: FindingsWorkload,
  ): { merged: Merged; done: Promise<void> } {
    const signal = AbortSignal.timeout(10_000);
    const request = { tags, digests, pinned, ...(workload ? { workload } : {}) };
    const merged: Merged = {
      digests: new Map(),
      reports: new Map(),
      partial: false,
      answered: 0,
      pending: this.options.sources.length,
    };
    const store = (answer: SourceAnswer, source: FindingsSource) => {
      const now = this.clock();
      for (const [tag, digest] of answer.digests) {
        const seen = merged.digests.get(tag);
        if (!seen || (seen.source === 'report' && source.digestSource === 'registry')) {
          const entry = { digest, source: source.digestSource };
          merged.digests.set(tag, entry);
          this.tags.set(tag, entry, this.options.tagTtlMs, now);
          this.changes++;
        }
      }
      for (const [digest, report] of answer.reports) {
        const best = newerReport(merged.reports.get(digest), report) ?? null;
        merged.reports.set(digest, best);
        if (best) {
          this.reports.set(digest, best, this.options.reportTtlMs, now);
          this.changes++;
        }
      }
    };
    const done = Promise.all(
      this.options.sources.map((source) =>
        source.lookup(request, signal).then(
          (answer) => {
            merged.answered++;
            merged.pending--;
            store(answer, source);
          },
          (e: unknown) => {
            merged.partial = true;
            merged.pending--;
            this.options.onError?.(e);
          },
        ),
      ),
    ).then(() => {
      if (merged.partial) return;
      const now = this.clock();
      const negativeTtl = this.options.negativeTtlMs ?? this.options.tagTtlMs;
      this.changes++;
      for (const [digest, report] of merged.reports)
        if (report === null) this.reports.set(digest, null, negativeTtl, now);
      for (const q of tags)
        if (!merged.digests.has(q.normalized))
          this.tags.set(
            q.normalized,
            { digest: null, source: 'report' },
            this.options.tagTtlMs,
            now,
          );
    });
    return { merged, done };
  }
}
