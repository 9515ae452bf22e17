import { z } from 'zod';
import type { RuleInput } from '../rules/rule.schema.js';

/**
 * The header a rule save carries when it makes a rule Deny or widens a Deny rule: the
 * `acknowledgement` token of the impact preview the admin saw for exactly this draft.
 */
export const IMPACT_ACK_HEADER = 'impact-acknowledged';

type Comparable = Pick<RuleInput, 'action' | 'scope' | 'conditions' | 'blockUnscanned'> &
  Partial<Pick<RuleInput, 'exemptions' | 'requireSignedFindings'>>;

/**
 * JSON with sorted keys and undefined members left out: equal values give equal text whatever
 * their key order (a rule read back from jsonb has its keys reordered).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
/** Every entry of `from` is still present (by value) in `to`. */
const keepsAll = <T>(from: readonly T[], to: readonly T[]) =>
  from.every((x) => to.some((y) => same(x, y)));

/**
 * Whether saving `after` over `before` (undefined = a new rule) can deny admissions that were
 * not denied before: the rule becomes Deny, or a Deny rule reaches further. "Further" is judged
 * conservatively: more cloud accounts (or all), a resource condition removed or changed, its
 * triggers changed in any way, unscanned images blocked, or an exemption removed or changed.
 * Reason/ticket edits of an exemption do not count (they change no decision).
 */
export function impactAcknowledgementRequired(
  before: Comparable | undefined,
  after: Comparable,
): boolean {
  if (after.action !== 'Deny') return false;
  if (!before || before.action !== 'Deny') return true;
  const wasAccounts = before.scope.cloudScopes;
  const nowAccounts = after.scope.cloudScopes;
  if (wasAccounts.length > 0 && (nowAccounts.length === 0 || !keepsAll(nowAccounts, wasAccounts)))
    return true;
  if (!keepsAll(before.scope.resourceConditions, after.scope.resourceConditions)) return true;
  if (!same(before.conditions, after.conditions)) return true;
  if (!before.blockUnscanned && after.blockUnscanned) return true;
  if (!before.requireSignedFindings && after.requireSignedFindings) return true;
  const decisive = (e: NonNullable<Comparable['exemptions']>[number]) => ({
    type: e.type,
    match: e.match,
    value: e.value,
    validUntil: e.validUntil,
    timeZone: e.timeZone,
  });
  return !keepsAll((before.exemptions ?? []).map(decisive), (after.exemptions ?? []).map(decisive));
}

/** How many clusters and rules a switch-off of the environment's enforcement reaches. */
export const SwitchOffImpactSchema = z.object({
  environmentId: z.string(),
  /** Clusters registered in the environment: their gates stop enforcing. */
  clusters: z.number().int(),
  /** Enabled rules whose cloud scope includes the environment (or all environments). */
  rules: z.number().int(),
  /** Of those, the Deny rules: they stop blocking here. */
  denyRules: z.number().int(),
});
export type SwitchOffImpact = z.infer<typeof SwitchOffImpactSchema>;
