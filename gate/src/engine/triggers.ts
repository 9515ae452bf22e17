/**
 * Does an applicable rule trigger on an image? CVE exemptions first drop findings; then any one
 * condition met triggers: more than `maxAllowed` findings (or fixable findings) at a severity or
 * higher (cumulative; Unknown never counts), any listed CVE present, any known exploited (CISA
 * KEV), any EPSS score at or above the threshold, a report older than `maxReportAgeDays` (which
 * then counts as no report), or (with `blockUnscanned`) no findings report.
 */
import { matchValue, severityRank, type ExemptionHit, type Vulnerability } from '@gated/shared';
import type { CompiledRule } from './compiled-policy.js';
import { epssMatch, knownExploitedMatch, staleReport } from './catalogue-conditions.js';
import type { ImageFacts } from './image-facts.js';
import { entrySentence } from './match-words.js';
import { factsOf, sortWorstFirst, type ReportFacts } from './report-facts.js';
import { append, appendOnce, NO_ENTRIES } from './lazy-list.js';
import { isExpired } from './scope.js';

export interface TriggerResult {
  triggered: boolean;
  triggers: string[];
  /** The conditions met, by field name (`severityThresholds`, `knownExploited` …), for the trace. */
  conditions: string[];
  exemptionsHit: ExemptionHit[];
  /** Findings that met a condition, worst first (at most 10). */
  matched: Vulnerability[];
  /** Severity rank of the worst matched finding; -1 when it triggered without one (unscanned). */
  worstRank: number;
  /** For the trace: expired CVE exemptions that would have dropped findings, undecidable conditions. */
  expiredNotes: string[];
}

/**
 * The result of most (rule, image) pairs: nothing triggered, nothing exempted, nothing to note.
 * Shared and frozen (its lists are NO_ENTRIES), so the pair allocates nothing.
 */
export const NOTHING_TRIGGERED: TriggerResult = Object.freeze({
  triggered: false,
  triggers: NO_ENTRIES,
  conditions: NO_ENTRIES,
  exemptionsHit: NO_ENTRIES,
  matched: NO_ENTRIES,
  worstRank: -1,
  expiredNotes: NO_ENTRIES,
});

/** The result when the rule reads no findings (no report, untrusted or stale report). */
function asNoReport(
  why: string,
  triggered: boolean,
  condition: string,
  noteWhenNotMet = true,
): TriggerResult {
  if (!triggered && !noteWhenNotMet) return NOTHING_TRIGGERED;
  return {
    triggered,
    triggers: triggered ? [why] : [],
    conditions: triggered ? [condition] : [],
    exemptionsHit: [],
    matched: [],
    worstRank: -1,
    expiredNotes: triggered || !noteWhenNotMet ? [] : [why],
  };
}

/** Only the worst matched findings are quoted (trace, messages); keeping more costs time for nothing. */
const MATCHED_KEPT = 10;

/** Trigger sentences kept per rule and image before the rest are counted. */
const MAX_CVE_TRIGGERS = 5;

const UNSCANNED_WORDS = {
  unscanned: 'image not scanned (no findings report)',
  unavailable: 'findings unavailable (lookup failed or too slow): treated as unscanned',
} as const;

interface CveOutcome {
  facts: ReportFacts;
  hits: ExemptionHit[];
  expiredNotes: string[];
}

/**
 * Applying CVE exemptions means filtering and re-sorting a report, so the outcome is memoised per
 * (report facts, compiled rule, which exemptions are still valid). Compiled rules are replaced on
 * every policy revision, so a cached outcome can never outlive the exemptions it was computed from.
 */
const cveMemo = new WeakMap<ReportFacts, WeakMap<CompiledRule, Map<string, CveOutcome>>>();

function computeCveExemptions(rule: CompiledRule, facts: ReportFacts, now: number): CveOutcome {
  const hits: ExemptionHit[] = [];
  const expiredNotes: string[] = [];
  const dropped = new Set<Vulnerability>();
  for (const e of rule.cveExemptions) {
    const ids = [...facts.byId.keys()].filter((id) => matchValue(e.match, id, e.value));
    if (ids.length === 0) continue;
    if (isExpired(e, now)) {
      expiredNotes.push(
        `exemption ${entrySentence('CVE', e.match, e.value)} expired (valid until ${e.validUntilLabel ?? '?'})`,
      );
      continue;
    }
    for (const id of ids) for (const v of facts.byId.get(id) ?? []) dropped.add(v);
    hits.push({ ruleId: rule.ref.id, index: e.index, type: 'CVE', value: e.value, dropped: ids });
  }
  // Memoised and handed to every result as they are: frozen, like NO_ENTRIES.
  Object.freeze(expiredNotes);
  if (dropped.size === 0) return { facts, hits, expiredNotes };
  return { facts: factsOf(facts.sorted.filter((v) => !dropped.has(v))), hits, expiredNotes };
}

/** Applies the rule's CVE exemptions valid at `now`; returns the findings left and what each exemption dropped. */
function applyCveExemptions(rule: CompiledRule, facts: ReportFacts, now: number): CveOutcome {
  let validity = '';
  for (const e of rule.cveExemptions) validity += isExpired(e, now) ? '0' : '1';
  let perRule = cveMemo.get(facts);
  if (!perRule) {
    perRule = new WeakMap();
    cveMemo.set(facts, perRule);
  }
  let perValidity = perRule.get(rule);
  if (!perValidity) {
    perValidity = new Map();
    perRule.set(rule, perValidity);
  }
  let outcome = perValidity.get(validity);
  if (!outcome) {
    outcome = computeCveExemptions(rule, facts, now);
    perValidity.set(validity, outcome);
  }
  // Fresh hit objects: they end up in traces that callers may annotate.
  return {
    facts: outcome.facts,
    hits: outcome.hits.length > 0 ? outcome.hits.map((h) => ({ ...h })) : NO_ENTRIES,
    expiredNotes: outcome.expiredNotes,
  };
}

/** Why a rule requiring signed findings does not trust the image's report, or undefined when it does. */
function untrustedReport(rule: CompiledRule, image: ImageFacts): string | undefined {
  if (!rule.requireSignedFindings || image.status !== 'found') return undefined;
  const sig = image.signature;
  if (sig?.status === 'verified') return undefined;
  const what = sig?.status === 'untrusted' ? 'not signed by a trusted signer' : 'unsigned';
  return `findings report ${what}${sig?.detail ? ` (${sig.detail})` : ''}: treated as no report`;
}

/** Tests the rule's trigger conditions on one gated image at instant `now`. */
export function ruleTriggers(rule: CompiledRule, image: ImageFacts, now: number): TriggerResult {
  const untrusted = untrustedReport(rule, image);
  if (untrusted) return asNoReport(untrusted, rule.blockUnscanned, 'requireSignedFindings');
  if (image.status !== 'found' || !image.facts) {
    const status = image.status === 'unavailable' ? 'unavailable' : 'unscanned';
    return asNoReport(UNSCANNED_WORDS[status], rule.blockUnscanned, 'blockUnscanned', false);
  }
  // A stale report counts as no report: the rule triggers on its age, never on its findings.
  const stale = staleReport(rule, image.scannedAt, now);
  if (stale) return asNoReport(stale, true, 'maxReportAgeDays');

  // Most rules have no CVE exemption: their report is read as it is, with no outcome object made.
  const cve = rule.cveExemptions.length > 0 ? applyCveExemptions(rule, image.facts, now) : null;
  const facts = cve ? cve.facts : image.facts;
  const hits = cve ? cve.hits : NO_ENTRIES;
  const expiredNotes: string[] = cve ? cve.expiredNotes : NO_ENTRIES;
  // Lists are made when the first entry comes (see NO_ENTRIES).
  let triggers: string[] = NO_ENTRIES;
  let conditions: string[] = NO_ENTRIES;
  let matched: Vulnerability[] = NO_ENTRIES;
  for (const t of rule.thresholds) {
    const counted = t.fixableOnly ? facts.fixableAtLeast : facts.atLeast;
    const count = counted[t.rank] ?? 0;
    if (count <= t.maxAllowed) continue;
    const what = `${t.fixableOnly ? 'fixable ' : ''}${count === 1 ? 'finding' : 'findings'}`;
    triggers = append(
      triggers,
      `${count} ${what} at ${t.severity} or higher > ${t.maxAllowed} allowed`,
    );
    conditions = appendOnce(conditions, 'severityThresholds');
    const kept = Math.min(count, MATCHED_KEPT);
    if (kept <= matched.length) continue;
    // Worst first, so the findings at this severity or higher are exactly the first `count`.
    matched = t.fixableOnly
      ? facts.sorted
          .filter((v) => v.fixedVersion && severityRank(v.severity) >= t.rank)
          .slice(0, kept)
      : facts.sorted.slice(0, kept);
  }
  let extra: Vulnerability[] = NO_ENTRIES;
  let unlisted = 0;
  for (const id of rule.cveIds) {
    const found = facts.byId.get(id);
    if (!found || found.length === 0) continue;
    conditions = appendOnce(conditions, 'cveIds');
    // Traces and messages name the first few; a rule can list up to 1,000 ids.
    if (triggers.length < MAX_CVE_TRIGGERS)
      triggers = append(
        triggers,
        `${id} present (${found.map((v) => `${v.package} ${v.installedVersion}`).join(', ')})`,
      );
    else unlisted++;
    if (extra === NO_ENTRIES) extra = [];
    for (const v of found) extra.push(v);
  }
  if (unlisted > 0)
    triggers = append(triggers, `${unlisted} more listed CVE${unlisted === 1 ? '' : 's'} present`);
  let notes = expiredNotes;
  const kev = knownExploitedMatch(rule, facts);
  const epss = epssMatch(rule, facts);
  for (let i = 0; i < 2; i++) {
    const m = i === 0 ? kev : epss;
    if (m.note) notes = [...notes, m.note];
    if (!m.trigger) continue;
    triggers = append(triggers, m.trigger);
    conditions = appendOnce(conditions, i === 0 ? 'knownExploited' : 'epssAtLeast');
    extra = [...extra, ...m.matched];
  }
  if (extra.length > 0) {
    const seen = new Set(matched);
    matched = sortWorstFirst([...matched, ...new Set(extra.filter((v) => !seen.has(v)))]).slice(
      0,
      MATCHED_KEPT,
    );
  }
  if (triggers.length === 0 && hits.length === 0 && notes.length === 0) return NOTHING_TRIGGERED;
  const worst = matched[0];
  return {
    triggered: triggers.length > 0,
    triggers,
    conditions,
    exemptionsHit: hits,
    matched,
    worstRank: worst ? severityRank(worst.severity) : -1,
    expiredNotes: notes,
  };
}
