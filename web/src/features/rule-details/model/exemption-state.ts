// An exemption's expiry state on the details page. Pure: the page passes its clock.
import { type Exemption, exemptionExpiresAt } from '@gated/shared';

export type ExemptionState = 'permanent' | 'active' | 'expiring' | 'expired';

/** "Expiring soon" means within this many days: the window the expiring-exemptions view uses. */
export const EXPIRING_SOON_MS = 7 * 86_400_000;

export function exemptionState(
  e: Pick<Exemption, 'validUntil' | 'timeZone'>,
  now: number,
): ExemptionState {
  const expiresAt = exemptionExpiresAt(e);
  if (expiresAt === undefined) return 'permanent';
  if (now >= expiresAt) return 'expired';
  return expiresAt - now <= EXPIRING_SOON_MS ? 'expiring' : 'active';
}

export const EXEMPTION_STATE_LABEL: Record<ExemptionState, string> = {
  permanent: 'Active, no end date',
  active: 'Active',
  expiring: 'Expiring soon',
  expired: 'Expired',
};
