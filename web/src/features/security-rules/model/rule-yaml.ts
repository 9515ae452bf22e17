// A rule as policy-as-code YAML, the same document `GET /rules/export` writes (shared
// formatRuleExport), so what the Review step shows can be pasted into `POST /rules/import`.
import { formatRuleExport, type Rule, type RuleInput } from '@gated/shared';

/** The editable part of a stored rule (what the export and the wizard carry). */
export function ruleInputOf(rule: Rule): RuleInput {
  const {
    id: _id,
    revision: _rev,
    createdAt: _ca,
    createdBy: _cb,
    updatedAt: _ua,
    updatedBy: _ub,
    ...input
  } = rule;
  return input;
}

/** YAML of one rule as a SecurityRuleList document. */
export function ruleYaml(rule: RuleInput): string {
  return formatRuleExport([rule]);
}

/** YAML of many rules (the grid's export). */
export function rulesYaml(rules: readonly Rule[]): string {
  return formatRuleExport(rules.map(ruleInputOf));
}
