/**
 * The server side of "acknowledge the impact before a rule denies more": a save that makes a rule
 * Deny, or lets a Deny rule reach further, must carry the acknowledgement token of the impact
 * preview of exactly that draft (`Impact-Acknowledged` header), or it is refused with 428.
 *
 * The token is a digest of the draft's decision-relevant content (name, description and the
 * enabled flag left out), so an acknowledgement of one draft does not cover a different one. It
 * is a guard against accidents by an authorised admin, not an access control: anyone who can
 * call the preview can get it (automation does exactly that), and no secret is needed, so every
 * BFF replica computes the same token.
 */
import { createHash } from 'node:crypto';
import {
  AppError,
  canonicalJson,
  impactAcknowledgementRequired,
  type RuleInput,
} from '@gated/shared';

export function impactToken(rule: RuleInput): string {
  const { name: _n, description: _d, enabled: _e, ...decisive } = rule;
  return `v1.${createHash('sha256').update(canonicalJson(decisive)).digest('base64url')}`;
}

/** Throws 428 IMPACT_NOT_ACKNOWLEDGED when `after` needs an acknowledgement `header` lacks. */
export function assertImpactAcknowledged(
  before: RuleInput | undefined,
  after: RuleInput,
  header: string | undefined,
): void {
  if (!impactAcknowledgementRequired(before, after)) return;
  const token = header?.trim();
  if (token && token === impactToken(after)) return;
  const what = !before
    ? 'creates a Deny rule'
    : before.action !== 'Deny'
      ? 'switches the rule from Audit to Deny'
      : 'lets this Deny rule block more admissions';
  throw new AppError(
    'IMPACT_NOT_ACKNOWLEDGED',
    token
      ? `The acknowledged impact preview was for a different draft; this save ${what}. Preview this draft (POST /rules/preview) and send its acknowledgement as the Impact-Acknowledged header.`
      : `This save ${what}. Preview its impact (POST /rules/preview) and send the preview's acknowledgement as the Impact-Acknowledged header.`,
  );
}
