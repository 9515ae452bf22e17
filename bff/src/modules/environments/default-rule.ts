/**
 * The Audit rule created once per environment when gating first becomes active
 * (docs/evaluation-semantics.md#default-rule).
 */
import type { RuleInput } from '@gated/shared';

export const DEFAULT_RULE_NAME = 'Default: audit High and Critical findings';

/** Thresholds are cumulative ("High or higher"), so one High threshold covers Critical too. */
export function defaultRuleFor(environmentId: string, name: string): RuleInput {
  return {
    name,
    description:
      'Created when security gating was installed. Flags images with High or Critical findings without blocking them.',
    action: 'Audit',
    enabled: true,
    scope: { name: 'This environment', cloudScopes: [environmentId], resourceConditions: [] },
    conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 0 }], cveIds: [] },
    blockUnscanned: false,
    exemptions: [],
  };
}
