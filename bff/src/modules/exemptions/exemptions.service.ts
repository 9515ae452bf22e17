/** Time-bound exemptions about to end, across every rule, by the BFF's clock. */
import { exemptionExpiresAt, type ExpiringExemptions } from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { listRules } from '../../store/rules.repo.js';

const DAY_MS = 86_400_000;

/**
 * Exemptions still in force whose last day ends within `withinDays` of now, soonest first. Rules
 * are few (hundreds), so reading them all beats a JSON query that each store spells differently.
 */
export async function expiringExemptions(
  deps: AppDeps,
  withinDays: number,
): Promise<ExpiringExemptions> {
  // The notifications runtime holds the BFF's one injectable clock (tests set it).
  const now = deps.notifications.now();
  const horizon = now + withinDays * DAY_MS;
  const items: ExpiringExemptions['items'] = [];
  for (const rule of await listRules(deps.db)) {
    rule.exemptions.forEach((exemption, index) => {
      const expiresAt = exemptionExpiresAt(exemption);
      if (expiresAt === undefined || expiresAt <= now || expiresAt > horizon) return;
      items.push({
        ruleId: rule.id,
        ruleName: rule.name,
        ruleEnabled: rule.enabled,
        index,
        exemption,
        expiresAt: new Date(expiresAt).toISOString(),
      });
    });
  }
  items.sort(
    (a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.ruleName.localeCompare(b.ruleName),
  );
  return { now: new Date(now).toISOString(), withinDays, items };
}
