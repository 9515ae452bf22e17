/**
 * The conditions that read more than a report's own findings (docs/decisions/080): known exploited
 * (CISA KEV), EPSS at least a score (FIRST), and the maximum report age. Pure: the catalogues come
 * with the policy, the age from the engine's clock.
 */
import type { Vulnerability } from '@gated/shared';
import type { CompiledRule } from './compiled-policy.js';
import type { ReportFacts } from './report-facts.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** CVE ids quoted per condition before the rest are counted. */
const QUOTED = 3;

export interface ConditionMatch {
  /** One sentence for the trace and the messages, or undefined when not met. */
  trigger: string | undefined;
  matched: Vulnerability[];
  /** Why the condition could not be decided (catalogue missing), for the trace. */
  note: string | undefined;
}

const NOT_MET: ConditionMatch = { trigger: undefined, matched: [], note: undefined };

/** Not met, for the reason `note` gives. */
function notMet(note: string | undefined): ConditionMatch {
  return { trigger: undefined, matched: [], note };
}

function quote(ids: readonly string[], words: (id: string) => string, rest: string): string {
  const shown = ids.slice(0, QUOTED).map(words).join(', ');
  const more = ids.length - QUOTED;
  return more > 0 ? `${shown} and ${more} more ${rest}` : shown;
}

function distinctIds(vulns: readonly Vulnerability[]): string[] {
  return [...new Set(vulns.map((v) => v.id))];
}

/** `knownExploited`: any finding left (after CVE exemptions) listed in the CISA KEV catalogue. */
export function knownExploitedMatch(rule: CompiledRule, facts: ReportFacts): ConditionMatch {
  if (!rule.knownExploited) return NOT_MET;
  const kev = rule.catalogues.kev;
  if (!kev)
    return notMet(
      'known exploited: no CISA KEV catalogue imported, so this condition cannot be met',
    );
  const matched = facts.sorted.filter((v) => kev.cves.has(v.id));
  if (matched.length === 0) return NOT_MET;
  const ids = distinctIds(matched);
  return {
    trigger: `known exploited (CISA KEV ${kev.version}): ${quote(ids, (id) => id, 'known exploited')}`,
    matched,
    note: undefined,
  };
}

/**
 * A score as people read it: two decimals, rounded down so that "0.94 ≥ 0.5" is never a rounding
 * artefact; more decimals only when two would fall below the threshold.
 */
export function epssWords(score: number, threshold: number): string {
  const two = Math.floor(score * 100) / 100;
  return String(two >= threshold ? two : score);
}

/** `epssAtLeast`: any finding left whose EPSS score is at or above the threshold. */
export function epssMatch(rule: CompiledRule, facts: ReportFacts): ConditionMatch {
  const threshold = rule.epssAtLeast;
  if (threshold === undefined) return NOT_MET;
  const epss = rule.catalogues.epss;
  if (!epss)
    return notMet(
      `EPSS ≥ ${threshold}: no FIRST EPSS catalogue imported, so this condition cannot be met`,
    );
  const note =
    threshold < epss.minScore
      ? `EPSS ≥ ${threshold}: the policy carries scores ≥ ${epss.minScore} only`
      : undefined;
  const matched = facts.sorted.filter((v) => (epss.scores.get(v.id) ?? -1) >= threshold);
  if (matched.length === 0) return notMet(note);
  const ids = distinctIds(matched);
  const words = (id: string) =>
    `${id} EPSS ${epssWords(epss.scores.get(id) ?? 0, threshold)} ≥ ${threshold}`;
  return { trigger: quote(ids, words, `with EPSS ≥ ${threshold}`), matched, note };
}

/**
 * `maxReportAgeDays`: the sentence when the report was scanned more than the allowed days before
 * `now` (it then counts as no report), else undefined. A scan time in the future counts as fresh.
 */
export function staleReport(
  rule: CompiledRule,
  scannedAt: number | undefined,
  now: number,
): string | undefined {
  if (rule.maxReportAgeMs === undefined || scannedAt === undefined) return undefined;
  if (!Number.isFinite(scannedAt))
    return 'findings report has no readable scan time: treated as no report';
  const age = now - scannedAt;
  if (age <= rule.maxReportAgeMs) return undefined;
  const days = Math.floor(age / DAY_MS);
  const when = new Date(scannedAt).toISOString().slice(0, 10);
  return `findings report scanned ${when} (${days} day${days === 1 ? '' : 's'} ago), older than the ${rule.maxReportAgeDays} allowed: treated as no report`;
}
