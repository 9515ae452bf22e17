/**
 * A rule in plain language, for people who do not read rule JSON: the rules grid, the rule details
 * page and the audit log all say the same thing ("Deny when an image has more than 0 Critical
 * findings or CVE-2024-3094"). Pure, so every package can use it and tests pin the wording.
 */
import type { MatchOperator, ResourceCondition, Severity } from './condition.schema.js';
import type { RuleInputDraft } from './rule.schema.js';

type DraftConditions = RuleInputDraft['conditions'];
type DraftScope = RuleInputDraft['scope'];

/** "Critical" stays itself; any other severity counts findings at that severity or worse. */
function severityPhrase(severity: Severity): string {
  return severity === 'Critical' ? 'Critical' : `${severity}-or-higher`;
}

/** "a, b or c" */
function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/** Long CVE lists are cut so a sentence stays a sentence; the details page lists them all. */
const MAX_CVES_IN_SENTENCE = 3;

/** Each trigger as a phrase that completes "when an image has …". Order: the schema's. */
export function conditionPhrases(conditions: DraftConditions, blockUnscanned?: boolean): string[] {
  const phrases = (conditions.severityThresholds ?? []).map(
    (t) =>
      `more than ${t.maxAllowed ?? 0} ${t.fixableOnly ? 'fixable ' : ''}${severityPhrase(t.severity)} findings`,
  );
  const cves = conditions.cveIds ?? [];
  if (cves.length > MAX_CVES_IN_SENTENCE) {
    const rest = cves.length - MAX_CVES_IN_SENTENCE;
    phrases.push(
      `any of ${cves.slice(0, MAX_CVES_IN_SENTENCE).join(', ')} and ${rest} more ${rest === 1 ? 'vulnerability' : 'vulnerabilities'}`,
    );
  } else {
    phrases.push(...cves);
  }
  if (conditions.knownExploited) phrases.push('a known exploited vulnerability (CISA KEV)');
  if (conditions.epssAtLeast !== undefined)
    phrases.push(`a finding with an EPSS score of at least ${conditions.epssAtLeast}`);
  if (conditions.maxReportAgeDays !== undefined) {
    const d = conditions.maxReportAgeDays;
    phrases.push(`a scan report older than ${d} ${d === 1 ? 'day' : 'days'}`);
  }
  if (blockUnscanned) phrases.push('no scan report');
  return phrases;
}

/** "more than 0 Critical findings or CVE-2024-3094" (what the grid's Conditions column shows). */
export function describeConditions(
  rule: Pick<RuleInputDraft, 'conditions' | 'blockUnscanned'>,
): string {
  const phrases = conditionPhrases(rule.conditions, rule.blockUnscanned);
  return phrases.length > 0 ? joinOr(phrases) : 'no condition yet';
}

/** "Deny when an image has more than 0 Critical findings or CVE-2024-3094". */
export function describeRule(
  rule: Pick<RuleInputDraft, 'action' | 'conditions' | 'blockUnscanned' | 'requireSignedFindings'>,
): string {
  const phrases = conditionPhrases(rule.conditions, rule.blockUnscanned);
  const base =
    phrases.length > 0
      ? `${rule.action} when an image has ${joinOr(phrases)}`
      : `${rule.action} nothing yet: the rule has no condition`;
  return rule.requireSignedFindings ? `${base} (only signed scan reports count)` : base;
}

const KIND_PLURAL: Record<ResourceCondition['kind'], string> = {
  Cluster: 'clusters',
  Namespace: 'namespaces',
  Pod: 'pods',
  Deployment: 'deployments',
  Image: 'images',
  LabelSelector: 'workloads',
};

const MATCH_PHRASE: Record<MatchOperator, string> = {
  Equals: 'named',
  NotEquals: 'not named',
  StartsWith: 'starting with',
  EndsWith: 'ending with',
  Contains: 'containing',
};

/** "namespaces starting with prod", "workloads selected by app=web". */
export function describeResourceCondition(
  c: Pick<ResourceCondition, 'kind' | 'match' | 'value'>,
): string {
  if (c.kind === 'LabelSelector')
    return `workloads ${c.match === 'NotEquals' ? 'not selected by' : 'selected by'} ${c.value}`;
  return `${KIND_PLURAL[c.kind]} ${MATCH_PHRASE[c.match]} ${c.value}`;
}

/**
 * "Applies in all cloud accounts" / "Applies in Contoso, Fabrikam, to namespaces starting with
 * prod and clusters named aks-1". `names` maps environment ids to names; unknown ids show as is.
 */
export function describeScope(
  scope: DraftScope,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const clouds = scope.cloudScopes ?? [];
  const where =
    clouds.length === 0 ? 'all cloud accounts' : clouds.map((id) => names.get(id) ?? id).join(', ');
  const conditions = (scope.resourceConditions ?? []).map(describeResourceCondition);
  const to = conditions.length > 0 ? `, to ${conditions.join(' and ')}` : '';
  return `Applies in ${where}${to}`;
}
