/**
 * One request's prefetched answers as the engine's synchronous `FindingsLookup`, and the path that
 * fills it from the cache alone when every entry it needs is fresh: the common admission, which
 * then allocates the lookup and nothing else (no miss lists, no `CacheRead`s, no answer objects).
 */
import type { FindingsReport } from '@gated/shared';
import type { FindingsAnswer, FindingsLookup } from '../engine/index.js';
import type { FindingsQuery } from './source.js';
import type { TtlLru } from './ttl-lru.js';

export interface TagEntry {
  digest: string | null;
  source: 'report' | 'registry';
}

const UNSCANNED: FindingsAnswer = Object.freeze({ status: 'unscanned' });

/** One answer per report, shared by every admission that reads it (the engine only reads it). */
const answers = new WeakMap<FindingsReport, FindingsAnswer>();

export function answerOf(report: FindingsReport | null): FindingsAnswer {
  if (!report) return UNSCANNED;
  let answer = answers.get(report);
  if (!answer) {
    answer = Object.freeze({
      status: 'found',
      report,
      source: `${report.source}:${report.format}`,
    });
    answers.set(report, answer);
  }
  return answer;
}

export class PrefetchedLookup implements FindingsLookup {
  readonly tags = new Map<string, TagEntry>();
  readonly answers = new Map<string, FindingsAnswer>();
  /** Tags no source could resolve because the lookup failed or ran out of time. */
  private unresolved: Set<string> | undefined;
  constructor(private readonly fallback: FindingsAnswer) {}
  markUnresolved(normalized: string): void {
    (this.unresolved ??= new Set()).add(normalized);
  }
  digestUnavailable(normalized: string): boolean {
    return this.unresolved?.has(normalized) ?? false;
  }
  resolveDigest(normalized: string): string | undefined {
    return this.tags.get(normalized)?.digest ?? undefined;
  }
  digestSource(normalized: string): 'report' | 'registry' {
    return this.tags.get(normalized)?.source ?? 'report';
  }
  findings(digest: string): FindingsAnswer {
    return this.answers.get(digest) ?? this.fallback;
  }
}

/**
 * The lookup for `images` from fresh cache entries only, or undefined as soon as one entry is
 * missing, expired or due for refresh: `FindingsCache.prefetch` then takes its full path, which
 * reads the same entries again and fetches, refreshes or falls back. Entries read here are marked
 * used either way, as the full path would mark them.
 */
export function freshLookup(
  images: readonly FindingsQuery[],
  tags: TtlLru<string, TagEntry>,
  reports: TtlLru<string, FindingsReport | null>,
  now: number,
  fallback: FindingsAnswer,
): PrefetchedLookup | undefined {
  const lookup = new PrefetchedLookup(fallback);
  for (const q of images) {
    let digest = q.digest;
    if (!digest) {
      const tag = tags.fresh(q.normalized, now);
      if (!tag) return undefined;
      lookup.tags.set(q.normalized, tag);
      if (!tag.digest) continue;
      digest = tag.digest;
    }
    if (lookup.answers.has(digest)) continue;
    const report = reports.fresh(digest, now);
    if (report === undefined) return undefined;
    lookup.answers.set(digest, answerOf(report));
  }
  return lookup;
}
