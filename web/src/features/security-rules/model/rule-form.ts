// The wizard's form model: its values (the shared RuleInputDraft, with every list present so the
// controls are controlled), the mapping to and from what the API stores, the steps and which
// fields each validates, and where a server field error belongs.
import type { FieldError, Rule, RuleInput, RuleInputDraft } from '@gated/shared';

/** Form values are the schema's input type; zodResolver(RuleInputSchema) turns them into RuleInput. */
export type RuleFormValues = RuleInputDraft;

export function emptyRuleForm(): RuleFormValues {
  return {
    name: '',
    description: '',
    action: 'Audit',
    enabled: true,
    scope: { name: '', cloudScopes: [], resourceConditions: [] },
    conditions: { severityThresholds: [], cveIds: [] },
    blockUnscanned: false,
    exemptions: [],
  };
}

/** A stored rule (or an input) as form values; optional texts become '' for controlled inputs. */
export function ruleToFormValues(rule: Rule | RuleInput): RuleFormValues {
  return {
    name: rule.name,
    description: rule.description ?? '',
    action: rule.action,
    enabled: rule.enabled,
    scope: {
      name: rule.scope.name,
      cloudScopes: [...rule.scope.cloudScopes],
      resourceConditions: rule.scope.resourceConditions.map((c) => ({ ...c })),
    },
    conditions: {
      ...rule.conditions,
      severityThresholds: rule.conditions.severityThresholds.map((t) => ({ ...t })),
      cveIds: [...rule.conditions.cveIds],
    },
    blockUnscanned: rule.blockUnscanned,
    ...(rule.requireSignedFindings !== undefined
      ? { requireSignedFindings: rule.requireSignedFindings }
      : {}),
    exemptions: rule.exemptions.map((e) => ({
      ...e,
      reason: e.reason ?? '',
      ticket: e.ticket ?? '',
    })),
  };
}

const orUndefined = (text: string | undefined) =>
  text === undefined || text.trim() === '' ? undefined : text;

/** The request body from validated form output: empty optional texts are left out. */
export function toRuleInput(parsed: RuleInput): RuleInput {
  const { description, exemptions, ...rest } = parsed;
  const text = orUndefined(description);
  return {
    ...rest,
    ...(text === undefined ? {} : { description: text }),
    exemptions: exemptions.map((e) => {
      const { reason, ticket, validUntil, timeZone, ...exemption } = e;
      const why = orUndefined(reason);
      const where = orUndefined(ticket);
      return {
        ...exemption,
        ...(validUntil ? { validUntil } : {}),
        ...(timeZone ? { timeZone } : {}),
        ...(why === undefined ? {} : { reason: why }),
        ...(where === undefined ? {} : { ticket: where }),
      };
    }),
  };
}

export type StepId = 'basics' | 'scope' | 'conditions' | 'exemptions' | 'review';

export interface WizardStep {
  id: StepId;
  label: string;
  /** Top-level form fields this step validates before Next. */
  fields: readonly (keyof RuleFormValues)[];
}

export const WIZARD_STEPS: readonly WizardStep[] = [
  { id: 'basics', label: 'Basics', fields: ['name', 'description', 'action'] },
  { id: 'scope', label: 'Scope', fields: ['scope'] },
  {
    id: 'conditions',
    label: 'Conditions',
    fields: ['conditions', 'blockUnscanned', 'requireSignedFindings'],
  },
  { id: 'exemptions', label: 'Exemptions', fields: ['exemptions'] },
  { id: 'review', label: 'Review', fields: [] },
];

/** Index of the step that holds a field path (`scope.resourceConditions.0.value` → Scope). */
export function stepIndexOfPath(path: string): number {
  const top = path.split('.')[0] ?? '';
  const index = WIZARD_STEPS.findIndex((s) => (s.fields as readonly string[]).includes(top));
  return index === -1 ? 0 : index;
}

/** Where a server field error goes in the form: its own path, or the form root for ''. */
export function formPathOfServerError(error: FieldError): string {
  return error.path === '' ? 'root.server' : error.path;
}

/** Re-applies my edited top-level fields on top of someone else's newer revision (412 "merge"). */
export function mergeOntoLatest(
  mine: RuleFormValues,
  theirs: RuleFormValues,
  dirtyTopLevel: readonly (keyof RuleFormValues)[],
): RuleFormValues {
  const merged: RuleFormValues = { ...theirs };
  for (const key of dirtyTopLevel) {
    (merged as Record<string, unknown>)[key] = mine[key];
  }
  return merged;
}

/** Top-level fields whose value differs from `base` (what "my changes" are in a 412 merge). */
export function changedFields(
  mine: RuleFormValues,
  base: RuleFormValues,
): (keyof RuleFormValues)[] {
  const keys = new Set([...Object.keys(mine), ...Object.keys(base)]) as Set<keyof RuleFormValues>;
  return [...keys].filter((key) => JSON.stringify(mine[key]) !== JSON.stringify(base[key]));
}
