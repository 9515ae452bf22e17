/**
 * Does a rule apply to one image of a subject? All resource conditions must hold (AND) and no
 * resource exemption may match. Cloud scope, enabled and Cluster conditions were settled by
 * `compilePolicy`.
 */
import { labelSelectorMatches, matchValue, type ExemptionHit } from '@gated/shared';
import type { CompiledCondition, CompiledExemption, CompiledRule } from './compiled-policy.js';
import type { ImageFacts } from './image-facts.js';
import { append, NO_ENTRIES } from './lazy-list.js';
import { comparisonSentence, entrySentence } from './match-words.js';
import type { AdmissionSubject } from './types.js';

export interface ScopeResult {
  applies: boolean;
  /** "namespace "shop" equals "shop"; …", "exempted: Namespace equals "dev"", … */
  reason: string;
  exemptionsHit: ExemptionHit[];
}

const SUBJECT_WORDS = {
  Namespace: 'namespace',
  Pod: 'pod',
  Deployment: 'deployment',
  Image: 'image',
} as const;

/** The value a condition compares. `Image` compares the normalised reference `registry/repository[:tag][@digest]`. */
function conditionActual(
  kind: Exclude<CompiledCondition['kind'], 'LabelSelector'>,
  subject: AdmissionSubject,
  image: ImageFacts,
): string | null {
  switch (kind) {
    case 'Namespace':
      return subject.namespace;
    case 'Pod':
      return subject.podName;
    case 'Deployment':
      return subject.deploymentName;
    case 'Image':
      return image.normalized;
  }
}

/** What a LabelSelector condition finds, as a number so the hot path allocates nothing. */
const LabelOutcome = { Invalid: 0, UnsupportedMatch: 1, Selects: 2, DoesNotSelect: 3 } as const;
type LabelOutcome = (typeof LabelOutcome)[keyof typeof LabelOutcome];

/** The one reading of a LabelSelector condition, shared by the fast and the explaining path. */
function labelOutcome(c: CompiledCondition, labels: AdmissionSubject['labels']): LabelOutcome {
  const selector = c.selector;
  if (!selector || 'error' in selector) return LabelOutcome.Invalid;
  if (c.match !== 'Equals' && c.match !== 'NotEquals') return LabelOutcome.UnsupportedMatch;
  return labelSelectorMatches(selector, labels) ? LabelOutcome.Selects : LabelOutcome.DoesNotSelect;
}

function labelConditionHolds(c: CompiledCondition, outcome: LabelOutcome): boolean {
  if (outcome === LabelOutcome.Selects) return c.match === 'Equals';
  if (outcome === LabelOutcome.DoesNotSelect) return c.match === 'NotEquals';
  return false;
}

/** The comparison alone, without building a sentence: the hot path for rules that do not apply. */
function conditionHolds(
  c: CompiledCondition,
  subject: AdmissionSubject,
  image: ImageFacts,
): boolean {
  if (c.kind === 'LabelSelector') return labelConditionHolds(c, labelOutcome(c, subject.labels));
  return matchValue(c.match, conditionActual(c.kind, subject, image) ?? '', c.value);
}

function testCondition(
  c: CompiledCondition,
  subject: AdmissionSubject,
  image: ImageFacts,
): { held: boolean; sentence: string } {
  if (c.kind === 'LabelSelector') {
    const outcome = labelOutcome(c, subject.labels);
    const held = labelConditionHolds(c, outcome);
    switch (outcome) {
      case LabelOutcome.Invalid:
        return { held, sentence: `label selector "${c.value}" is invalid` };
      case LabelOutcome.UnsupportedMatch:
        return { held, sentence: `label selector "${c.value}" supports only Equals and NotEquals` };
      case LabelOutcome.Selects:
        return { held, sentence: `labels match "${c.value}"` };
      case LabelOutcome.DoesNotSelect:
        return { held, sentence: `labels do not match "${c.value}"` };
    }
  }
  const actual = conditionActual(c.kind, subject, image);
  const held = matchValue(c.match, actual ?? '', c.value);
  return {
    held,
    sentence: comparisonSentence(SUBJECT_WORDS[c.kind], actual, c.match, c.value, held),
  };
}

/** The value a resource exemption compares. `Image` compares the digest; `Repository` is `registry/repository`. */
function exemptionActual(
  e: CompiledExemption,
  subject: AdmissionSubject,
  image: ImageFacts,
): string | null {
  switch (e.type) {
    case 'Namespace':
      return subject.namespace;
    case 'Pod':
      return subject.podName;
    case 'Deployment':
      return subject.deploymentName;
    case 'Registry':
      return image.parsed ? image.registry : null;
    case 'Repository':
      return image.parsed ? `${image.registry}/${image.repository}` : null;
    case 'Image':
      return image.digest;
    case 'CVE':
      return null;
  }
}

/** True when `e` has expired at `now` (at or after the end of its last day in its zone). */
export function isExpired(e: CompiledExemption, now: number): boolean {
  return e.expiresAt !== undefined && now >= e.expiresAt;
}

/** What `ruleApplies` answers, without a reason, when a condition fails and no reason was asked for. */
export const NOT_IN_SCOPE: ScopeResult = Object.freeze({
  applies: false,
  reason: '',
  exemptionsHit: NO_ENTRIES,
});

/** What `ruleApplies` answers, without a reason, when the rule applies and none was asked for. */
export const IN_SCOPE_UNWORDED: ScopeResult = Object.freeze({
  applies: true,
  reason: '',
  exemptionsHit: NO_ENTRIES,
});

/**
 * How much of its reason `ruleApplies` words: every outcome (`all`); only rules whose resource
 * conditions hold, a failing one answering `NOT_IN_SCOPE` (`in-scope`: large policies); or none
 * (`none`: the answer's pass, whose trace is worded later by a second pass with `all`/`in-scope`).
 * The outcome (`applies`, the exemption hit) is the same whichever is asked.
 */
export type ScopeWording = 'all' | 'in-scope' | 'none';

function exemptionMatches(
  e: CompiledExemption,
  subject: AdmissionSubject,
  image: ImageFacts,
): boolean {
  const actual = exemptionActual(e, subject, image);
  return actual !== null && matchValue(e.match, actual, e.value);
}

function exemptionHit(rule: CompiledRule, e: CompiledExemption): ExemptionHit {
  return { ruleId: rule.ref.id, index: e.index, type: e.type, value: e.value };
}

/** Tests a rule's scope against one image of a subject at instant `now`, worded as `wording` asks. */
export function ruleApplies(
  rule: CompiledRule,
  subject: AdmissionSubject,
  image: ImageFacts,
  now: number,
  wording: ScopeWording = 'all',
): ScopeResult {
  if (wording !== 'all') {
    for (const c of rule.conditions) if (!conditionHolds(c, subject, image)) return NOT_IN_SCOPE;
  }
  const worded = wording !== 'none';
  let held: string[] = NO_ENTRIES;
  if (worded) {
    if (rule.clusterReasons.length > 0) held = [...rule.clusterReasons];
    for (const c of rule.conditions) {
      const result = testCondition(c, subject, image);
      if (!result.held)
        return { applies: false, reason: result.sentence, exemptionsHit: NO_ENTRIES };
      held = append(held, result.sentence);
    }
  }
  let expiredNotes: string[] = NO_ENTRIES;
  for (const e of rule.resourceExemptions) {
    if (!exemptionMatches(e, subject, image)) continue;
    if (isExpired(e, now)) {
      if (worded)
        expiredNotes = append(
          expiredNotes,
          `exemption ${entrySentence(e.type, e.match, e.value)} expired (valid until ${e.validUntilLabel ?? '?'})`,
        );
      continue;
    }
    return {
      applies: false,
      reason: worded ? `exempted: ${entrySentence(e.type, e.match, e.value)}` : '',
      exemptionsHit: [exemptionHit(rule, e)],
    };
  }
  if (!worded) return IN_SCOPE_UNWORDED;
  const base =
    held.length > 0 ? held.join('; ') : 'no resource conditions: applies to the whole cloud scope';
  return {
    applies: true,
    reason: expiredNotes.length > 0 ? `${base}; ${expiredNotes.join('; ')}` : base,
    exemptionsHit: NO_ENTRIES,
  };
}
