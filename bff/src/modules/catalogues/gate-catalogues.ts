/**
 * The catalogues a gate receives with its policy, cut to what its rules use (docs/decisions/080):
 * KEV only when an enabled rule uses `knownExploited`; EPSS only the scores at or above the lowest
 * `epssAtLeast`, at most MAX_SHIPPED_EPSS of them (the highest). Parsed rows are cached by content
 * hash, so a long-poll never re-reads megabytes that did not change.
 */
import type { GateCatalogues, Rule } from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import {
  catalogueData,
  listCatalogueStamps,
  type CatalogueStampRow,
} from '../../store/catalogues.repo.js';

/** Scores shipped at most (about 2.5 MB of JSON); below the lowest shipped one the gate says it cannot tell. */
export const MAX_SHIPPED_EPSS = 100_000;

interface Parsed {
  kev?: string[];
  /** Highest score first. */
  epss?: [string, number][];
}
const cache = new Map<string, Parsed>();

async function parsedOf(deps: AppDeps, stamp: CatalogueStampRow): Promise<Parsed | undefined> {
  const hit = cache.get(stamp.sha256);
  if (hit) return hit;
  const kind = stamp.kind === 'epss' ? 'epss' : 'kev';
  const data = await catalogueData(deps.db, kind, stamp.sha256);
  if (data === undefined) return undefined;
  const lines = data.split('\n').filter((l) => l !== '');
  const parsed: Parsed =
    kind === 'kev'
      ? { kev: lines }
      : {
          epss: lines
            .map((l): [string, number] => {
              const at = l.indexOf(',');
              return [l.slice(0, at), Number(l.slice(at + 1))];
            })
            .sort((a, b) => b[1] - a[1]),
        };
  // One entry per kind is live at a time; drop what a newer import replaced.
  for (const key of [...cache.keys()]) if (cache.get(key)?.[kind]) cache.delete(key);
  cache.set(stamp.sha256, parsed);
  return parsed;
}

const stampOf = (row: CatalogueStampRow) => ({
  version: row.version,
  publishedAt: row.publishedAt.toISOString(),
});

/** The `catalogues` field of a gate policy over `rules`, or undefined when none is used or imported. */
export async function gateCataloguesFor(
  deps: AppDeps,
  rules: readonly Rule[],
): Promise<GateCatalogues | undefined> {
  const enabled = rules.filter((r) => r.enabled);
  const wantsKev = enabled.some((r) => r.conditions.knownExploited === true);
  const thresholds = enabled
    .map((r) => r.conditions.epssAtLeast)
    .filter((t): t is number => t !== undefined);
  if (!wantsKev && thresholds.length === 0) return undefined;
  const out: GateCatalogues = {};
  for (const stamp of await listCatalogueStamps(deps.db)) {
    const parsed = await parsedOf(deps, stamp);
    if (parsed?.kev && wantsKev) out.kev = { ...stampOf(stamp), cves: parsed.kev };
    if (parsed?.epss && thresholds.length > 0) {
      const wanted = Math.min(...thresholds);
      let end = 0;
      while (
        end < parsed.epss.length &&
        end < MAX_SHIPPED_EPSS &&
        (parsed.epss[end]?.[1] ?? -1) >= wanted
      )
        end++;
      const shipped = parsed.epss.slice(0, end);
      const cut = end === MAX_SHIPPED_EPSS && end < parsed.epss.length;
      out.epss = {
        ...stampOf(stamp),
        minScore: cut ? (shipped.at(-1)?.[1] ?? wanted) : wanted,
        scores: Object.fromEntries(shipped),
      };
    }
  }
  return out.kev || out.epss ? out : undefined;
}
