/**
 * Tests every candidate rule on every gated image and collects, per rule, where it triggered:
 * the raw material of the decision, the trace and the messages.
 */
import type { ExemptionHit, RuleEvaluation, Vulnerability } from '@gated/shared';
import type { CompiledRule } from './compiled-policy.js';
import type { ImageFacts } from './image-facts.js';
import { NO_ENTRIES } from './lazy-list.js';
import { NOT_IN_SCOPE, ruleApplies, type ScopeResult } from './scope.js';
import { ruleTriggers, type TriggerResult } from './triggers.js';
import type { AdmissionSubject } from './types.js';

/** One image on which a rule triggered. */
export interface RuleHit {
  image: ImageFacts;
  triggers: string[];
  matched: Vulnerability[];
  worstRank: number;
  /** Why a Deny was downgraded to Audit on this image, if it was. */
  softened: string | undefined;
}

/** A triggered rule across the admission's images. */
export interface TriggeredRule {
  compiled: CompiledRule;
  /** Deny only when a Deny rule triggered unsoftened on at least one image. */
  effectiveAction: 'Audit' | 'Deny';
  hits: RuleHit[];
  /** Severity rank of its worst matched finding over all images; -1 for "unscanned" only. */
  worstRank: number;
  worst: { finding: Vulnerability; source: string | undefined } | null;
}

/**
 * Why a triggered Deny does not deny this image, or undefined
 * (docs/evaluation-semantics.md#updates, #controller-owned-pods).
 */
export function softeningOf(subject: AdmissionSubject, image: ImageFacts): string | undefined {
  if (subject.controllerOwned)
    return 'controller-owned pod: Deny downgraded to Audit (its workload was gated when applied)';
  if (image.previouslyPresent)
    return 'image already in the running object (UPDATE): Deny downgraded to Audit';
  return undefined;
}

export interface ImageOutcome {
  evaluations: RuleEvaluation[];
  decision: 'Allow' | 'Audit' | 'Deny';
  /** Rules whose resource conditions failed beyond MAX_OUT_OF_SCOPE_IN_TRACE: tested, not listed (0 unexplained). */
  omitted: number;
}

/**
 * Rules that did not apply because a resource condition failed are listed in the trace up to this
 * many per image; beyond it they are only counted, so a policy with thousands of unindexed rules
 * keeps traces (and events) small. Applicable, triggered and exempted rules are always listed.
 */
export const MAX_OUT_OF_SCOPE_IN_TRACE = 50;

/**
 * Tests `rules` on one gated image; records triggers into `triggered` (by rule id) and hits into
 * `exemptions`. With `explain` false only the outcome is made (no evaluations, no sentences): the
 * answer's pass; the trace runs it again with `explain` true on the same facts and instant
 * (evaluate.property.test.ts checks that the two passes agree).
 */
export function evaluateImage(
  image: ImageFacts,
  rules: readonly CompiledRule[],
  subject: AdmissionSubject,
  now: number,
  triggered: Map<string, TriggeredRule>,
  exemptions: ExemptionHit[],
  explain = true,
): ImageOutcome {
  const evaluations: RuleEvaluation[] = explain ? [] : NO_ENTRIES;
  let decision: ImageOutcome['decision'] = 'Allow';
  let outOfScope = 0;
  let omitted = 0;
  for (const rule of rules) {
    const wording = !explain ? 'none' : outOfScope < MAX_OUT_OF_SCOPE_IN_TRACE ? 'all' : 'in-scope';
    const scope = ruleApplies(rule, subject, image, now, wording);
    if (scope === NOT_IN_SCOPE) {
      omitted++;
      continue;
    }
    if (!scope.applies) {
      if (scope.exemptionsHit.length === 0) outOfScope++;
      if (scope.exemptionsHit.length > 0) exemptions.push(...scope.exemptionsHit);
      if (explain)
        evaluations.push({
          rule: rule.ref,
          applies: false,
          reason: scope.reason,
          triggered: false,
          triggers: [],
          exemptionsHit: scope.exemptionsHit,
        });
      continue;
    }
    const t = ruleTriggers(rule, image, now);
    if (t.exemptionsHit.length > 0) exemptions.push(...t.exemptionsHit);
    const softened =
      t.triggered && rule.ref.action === 'Deny' ? softeningOf(subject, image) : undefined;
    if (explain) evaluations.push(ruleEvaluation(rule, scope, t, softened));
    if (!t.triggered) continue;

    const denies = rule.ref.action === 'Deny' && !softened;
    if (denies) decision = 'Deny';
    else if (decision === 'Allow') decision = 'Audit';
    recordHit(
      triggered,
      rule,
      { image, triggers: t.triggers, matched: t.matched, worstRank: t.worstRank, softened },
      denies,
    );
  }
  return { evaluations, decision, omitted: explain ? omitted : 0 };
}

/** The trace's entry for a rule that applies. */
function ruleEvaluation(
  rule: CompiledRule,
  scope: ScopeResult,
  t: TriggerResult,
  softened: string | undefined,
): RuleEvaluation {
  const reason =
    t.expiredNotes.length > 0 ? `${scope.reason}; ${t.expiredNotes.join('; ')}` : scope.reason;
  const evaluation: RuleEvaluation = {
    rule: rule.ref,
    applies: true,
    reason,
    triggered: t.triggered,
    triggers: t.triggers,
    exemptionsHit: t.exemptionsHit,
  };
  if (t.conditions.length > 0) evaluation.conditions = t.conditions;
  if (softened) evaluation.softened = softened;
  return evaluation;
}

function recordHit(
  triggered: Map<string, TriggeredRule>,
  rule: CompiledRule,
  hit: RuleHit,
  denies: boolean,
): void {
  let entry = triggered.get(rule.ref.id);
  if (!entry) {
    entry = { compiled: rule, effectiveAction: 'Audit', hits: [], worstRank: -1, worst: null };
    triggered.set(rule.ref.id, entry);
  }
  entry.hits.push(hit);
  // A Deny rule is ranked by the findings on the images it denies, not on softened ones.
  if (denies && entry.effectiveAction === 'Audit') {
    entry.effectiveAction = 'Deny';
    entry.worstRank = -1;
    entry.worst = null;
  } else if (!denies && entry.effectiveAction === 'Deny') {
    return;
  }
  const worst = hit.matched[0];
  if (worst && hit.worstRank > entry.worstRank) {
    entry.worstRank = hit.worstRank;
    entry.worst = { finding: worst, source: hit.image.source };
  }
}

/** Strictest first, then the most severe worst finding, then by name: the first one decides. */
export function compareTriggered(a: TriggeredRule, b: TriggeredRule): number {
  const action = (a.effectiveAction === 'Deny' ? 0 : 1) - (b.effectiveAction === 'Deny' ? 0 : 1);
  if (action !== 0) return action;
  if (a.worstRank !== b.worstRank) return b.worstRank - a.worstRank;
  const an = a.compiled.ref.name.toLowerCase();
  const bn = b.compiled.ref.name.toLowerCase();
  if (an !== bn) return an < bn ? -1 : 1;
  return a.compiled.ref.id < b.compiled.ref.id ? -1 : a.compiled.ref.id > b.compiled.ref.id ? 1 : 0;
}
