/**
 * A time-bound exemption saved already expired protects nothing and misleads whoever reads the
 * rule, so a save that adds one, or moves one's expiry, into the past is refused (400 with the
 * field path). Exemptions that expired since they were saved stay as they are: a rule carrying
 * them still loads, and saves unchanged.
 */
import { InputError, isExemptionExpired, type RuleInput } from '@gated/shared';

type Exemptions = RuleInput['exemptions'];
const key = (e: Exemptions[number]) =>
  JSON.stringify([e.type, e.match, e.value, e.validUntil ?? null, e.timeZone ?? null]);

export function assertNoNewPastExpiry(
  before: Exemptions | undefined,
  after: Exemptions,
  now: number,
): void {
  const kept = new Set((before ?? []).map(key));
  const errors = after.flatMap((e, i) =>
    isExemptionExpired(e, now) && !kept.has(key(e))
      ? [
          {
            path: `exemptions.${i}.validUntil`,
            message: `${e.validUntil ?? ''} has already ended in ${e.timeZone ?? 'its time zone'}; choose today or a later day`,
          },
        ]
      : [],
  );
  if (errors.length > 0)
    throw new InputError('A time-bound exemption would be expired when saved', errors);
}
