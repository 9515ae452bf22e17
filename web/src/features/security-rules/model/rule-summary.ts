// How a rule reads to people: the wizard's Review sentence and the grid's one-line summaries.
// Pure TypeScript over the shared model (docs/conventions.md#declared-columns), so the grid, the
// wizard and tests agree.
import {
  describeResourceCondition,
  type Exemption,
  isExemptionExpired,
  type MatchOperator,
  type RuleInputDraft,
  type Severity,
} from '@gated/shared';

/** Environment id → display name, for cloud scopes. Unknown ids are shown as they are. */
export type EnvironmentNames = ReadonlyMap<string, string>;

/** Short labels for dropdowns and summaries. */
export const MATCH_LABELS: Record<MatchOperator, string> = {
  Equals: 'Equals',
  NotEquals: 'Not equals',
  StartsWith: 'Starts with',
  EndsWith: 'Ends with',
  Contains: 'Contains',
};

/** "namespaces starting with prod": the shared wording, as rule details and the wizard read. */
const describeCondition = describeResourceCondition;

/** "Critical", "High or higher" … the threshold counts findings at that severity or worse. */
function severityOrHigher(severity: Severity): string {
  return severity === 'Critical' ? 'Critical' : `${severity}-or-higher`;
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

function cloudScopeText(ids: readonly string[], names: EnvironmentNames): string {
  if (ids.length === 0) return 'all cloud accounts';
  return ids.map((id) => names.get(id) ?? id).join(', ');
}

/** "Namespace equals dev until 2026-12-31 (Europe/Berlin), expired". */
export function describeExemption(
  e: Pick<Exemption, 'type' | 'match' | 'value' | 'validUntil' | 'timeZone'>,
  now: number,
): string {
  const base = `${e.type} ${MATCH_LABELS[e.match].toLowerCase()} ${e.value}`;
  if (!e.validUntil || !e.timeZone) return base;
  const expired = isExemptionExpired(e, now) ? ', expired' : '';
  return `${base} until ${e.validUntil} (${e.timeZone})${expired}`;
}

/** Number of time-bound exemptions already past their last day. */
export function expiredCount(
  exemptions: readonly Pick<Exemption, 'validUntil' | 'timeZone'>[],
  now: number,
): number {
  return exemptions.filter((e) => isExemptionExpired(e, now)).length;
}

/** The trigger conditions as a phrase list: "more than 0 Critical findings", "CVE-2024-3094", "no scan report". */
function triggerPhrases(rule: RuleInputDraft): string[] {
  const { knownExploited, epssAtLeast, maxReportAgeDays } = rule.conditions;
  const phrases = (rule.conditions.severityThresholds ?? []).map(
    (t) =>
      `more than ${t.maxAllowed ?? 0} ${t.fixableOnly ? 'fixable ' : ''}${severityOrHigher(t.severity)} findings`,
  );
  const cves = rule.conditions.cveIds ?? [];
  if (cves.length > 0)
    phrases.push(`${cves.length === 1 ? 'vulnerability' : 'any of'} ${cves.join(', ')}`);
  if (knownExploited) phrases.push('a known exploited vulnerability (CISA KEV)');
  if (epssAtLeast !== undefined) phrases.push(`an EPSS score of at least ${epssAtLeast}`);
  if (maxReportAgeDays !== undefined)
    phrases.push(`a scan report older than ${maxReportAgeDays} days`);
  if (rule.blockUnscanned) phrases.push('no scan report');
  return phrases;
}

/**
 * The rule as one sentence, e.g. "Deny images in all cloud accounts, in namespaces starting with
 * prod, that have more than 0 Critical findings, except Namespace equals dev."
 */
export function ruleSentence(rule: RuleInputDraft, names: EnvironmentNames, now: number): string {
  const where = [
    `in ${cloudScopeText(rule.scope.cloudScopes ?? [], names)}`,
    ...(rule.scope.resourceConditions ?? []).map((c) => `in ${describeCondition(c)}`),
  ].join(', ');
  const triggers = triggerPhrases(rule);
  const what = triggers.length > 0 ? `that have ${joinOr(triggers)}` : 'that meet no condition yet';
  const exemptions = rule.exemptions ?? [];
  const except =
    exemptions.length > 0
      ? `, except ${exemptions.map((e) => describeExemption(e, now)).join('; ')}`
      : '';
  return `${rule.action} images ${where}, ${what}${except}.`;
}

/** Grid cell: "Production · Contoso production · namespaces starting with shop". */
export function scopeSummary(rule: RuleInputDraft, names: EnvironmentNames): string {
  const parts = [rule.scope.name, cloudScopeText(rule.scope.cloudScopes ?? [], names)];
  for (const c of rule.scope.resourceConditions ?? []) parts.push(describeCondition(c));
  return parts.join(' · ');
}

/** Grid cell: "Critical > 0 · High+ > 2 · CVE-2024-3094 · unscanned". */
export function conditionsSummary(rule: RuleInputDraft): string {
  const { knownExploited, epssAtLeast, maxReportAgeDays } = rule.conditions;
  const parts = (rule.conditions.severityThresholds ?? []).map(
    (t) =>
      `${t.severity === 'Critical' ? 'Critical' : `${t.severity}+`}${t.fixableOnly ? ' fixable' : ''} > ${t.maxAllowed ?? 0}`,
  );
  const cves = rule.conditions.cveIds ?? [];
  if (cves.length > 0)
    parts.push(
      cves.length <= 2 ? cves.join(', ') : `${cves.slice(0, 2).join(', ')} +${cves.length - 2}`,
    );
  if (knownExploited) parts.push('KEV');
  if (epssAtLeast !== undefined) parts.push(`EPSS ≥ ${epssAtLeast}`);
  if (maxReportAgeDays !== undefined) parts.push(`report > ${maxReportAgeDays} d`);
  if (rule.blockUnscanned) parts.push('unscanned');
  return parts.join(' · ');
}
