/**
 * Derived, read-only facts of a findings report that every rule needs: vulnerabilities sorted worst
 * first and cumulative counts per severity. Memoised per report object, since the runtime's cache
 * hands the same report to many admissions and reports are never mutated.
 */
import {
  severityRank,
  summarizeFindings,
  type FindingRef,
  type FindingsSummary,
  type Vulnerability,
} from '@gated/shared';

export interface ReportFacts {
  /** Most severe first; ties by higher CVSS, then id, so that messages are deterministic. */
  sorted: readonly Vulnerability[];
  /** `atLeast[r]`: findings with severity rank ≥ r (r = 1 Low … 4 Critical); Unknown (0) never counts. */
  atLeast: readonly number[];
  /** The same, counting only findings with a fixed version (`fixableOnly` thresholds). */
  fixableAtLeast: readonly number[];
  /** Findings by vulnerability id. */
  byId: ReadonlyMap<string, Vulnerability[]>;
  /** Counts per severity, for the trace and events. */
  summary: FindingsSummary;
}

/** Negative when `a` is worse than `b` (the order `sortWorstFirst` gives), 0 when tied. */
export function compareWorstFirst(a: Vulnerability, b: Vulnerability): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (b.cvss ?? -1) - (a.cvss ?? -1) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Sorts findings worst first (a copy). */
export function sortWorstFirst(vulnerabilities: readonly Vulnerability[]): Vulnerability[] {
  return [...vulnerabilities].sort(compareWorstFirst);
}

/** Per-rank counts → counts at that rank or higher (Unknown, rank 0, never counts). */
function cumulative(perRank: readonly number[]): number[] {
  const atLeast = [0, 0, 0, 0, 0];
  let running = 0;
  for (let r = 4; r >= 1; r--) {
    running += perRank[r] ?? 0;
    atLeast[r] = running;
  }
  return atLeast;
}

/** Computes the facts of a list of findings (uncached: used after CVE exemptions dropped some). */
export function factsOf(vulnerabilities: readonly Vulnerability[]): ReportFacts {
  const sorted = sortWorstFirst(vulnerabilities);
  const perRank = [0, 0, 0, 0, 0];
  const fixablePerRank = [0, 0, 0, 0, 0];
  const byId = new Map<string, Vulnerability[]>();
  for (const v of sorted) {
    const rank = severityRank(v.severity);
    perRank[rank] = (perRank[rank] ?? 0) + 1;
    if (v.fixedVersion) fixablePerRank[rank] = (fixablePerRank[rank] ?? 0) + 1;
    const list = byId.get(v.id);
    if (list) list.push(v);
    else byId.set(v.id, [v]);
  }
  return {
    sorted,
    atLeast: cumulative(perRank),
    fixableAtLeast: cumulative(fixablePerRank),
    byId,
    summary: summarizeFindings(sorted),
  };
}

const memo = new WeakMap<readonly Vulnerability[], ReportFacts>();

/** Facts of a report's findings, computed once per report object. */
export function reportFacts(vulnerabilities: readonly Vulnerability[]): ReportFacts {
  let facts = memo.get(vulnerabilities);
  if (!facts) {
    facts = factsOf(vulnerabilities);
    memo.set(vulnerabilities, facts);
  }
  return facts;
}

/** A finding as traces and messages quote it. */
export function toFindingRef(v: Vulnerability, source: string | undefined): FindingRef {
  return {
    id: v.id,
    severity: v.severity,
    package: v.package,
    installedVersion: v.installedVersion,
    ...(v.fixedVersion ? { fixedVersion: v.fixedVersion } : {}),
    ...(source ? { source } : {}),
  };
}

const worstRefs = new WeakMap<ReportFacts, Map<string, readonly FindingRef[]>>();

/** The 10 worst findings as trace references, memoised per report and source (shared: never mutate). */
export function worstFindingRefs(facts: ReportFacts, source: string | undefined): FindingRef[] {
  let bySource = worstRefs.get(facts);
  if (!bySource) {
    bySource = new Map();
    worstRefs.set(facts, bySource);
  }
  const key = source ?? '';
  let refs = bySource.get(key);
  if (!refs) {
    refs = facts.sorted.slice(0, 10).map((v) => Object.freeze(toFindingRef(v, source)));
    bySource.set(key, refs);
  }
  return [...refs];
}
