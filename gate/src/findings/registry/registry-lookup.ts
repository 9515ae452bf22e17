import type { FindingsAnswer, FindingsLookup } from '../../engine/types.js';
import type { FindingsQuery } from '../source.js';
import type { RegistryFindingsSource } from './registry-findings-source.js';

/** A FindingsLookup answered only by the registry, plus the trace notes (stale reports, skipped referrers). */
export interface RegistryLookup extends FindingsLookup {
  notes: string[];
  digestSource(normalized: string): 'registry';
}

/**
 * Prefetches the images through the registry source and returns the synchronous lookup the engine wants.
 * For callers without the runtime's cache (the BFF's dry runs, tests); the gate composes the source into
 * its FindingsCache instead. A failed lookup answers `unavailable`, never throws.
 */
export async function prefetchFromRegistry(
  source: RegistryFindingsSource,
  images: readonly FindingsQuery[],
  signal: AbortSignal,
): Promise<RegistryLookup> {
  const tags = images.filter((q) => !q.digest);
  const pinned = images.filter((q) => q.digest);
  let answer: Awaited<ReturnType<RegistryFindingsSource['lookup']>> | undefined;
  let failure: string | undefined;
  try {
    answer = await source.lookup(
      { tags, digests: pinned.flatMap((q) => (q.digest ? [q.digest] : [])), pinned },
      signal,
    );
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  return {
    notes: [...(answer?.notes ?? []), ...(failure ? [`registry lookup failed: ${failure}`] : [])],
    resolveDigest: (normalized) => answer?.digests.get(normalized),
    digestSource: () => 'registry',
    findings: (digest): FindingsAnswer => {
      if (!answer) return { status: 'unavailable' };
      const report = answer.reports.get(digest);
      if (report === undefined) return { status: 'unavailable' };
      return report
        ? { status: 'found', report, source: `${report.source}:${report.format}` }
        : { status: 'unscanned' };
    },
  };
}
