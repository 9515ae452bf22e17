import { z } from 'zod';
import { ExemptionMatchSchema } from './condition.schema.js';
import { endOfDayInZone, isCalendarDate, isValidTimeZone } from './time-zone.js';

/** What an exemption names. `Image` matches the image digest; `CVE` drops findings, the rest skip the rule. */
export const ExemptionTypeSchema = z.enum([
  'CVE',
  'Deployment',
  'Image',
  'Namespace',
  'Pod',
  'Registry',
  'Repository',
]);
export type ExemptionType = z.infer<typeof ExemptionTypeSchema>;

/**
 * An exemption of a rule. With `validUntil` it is time-bound and expires at the end of that day in
 * `timeZone`; expired exemptions stay visible and never apply.
 */
export const ExemptionSchema = z
  .strictObject({
    type: ExemptionTypeSchema,
    match: ExemptionMatchSchema,
    value: z.string().trim().min(1, 'Enter a value').max(512, 'At most 512 characters'),
    validUntil: z.string().refine(isCalendarDate, 'Use a calendar date, YYYY-MM-DD').optional(),
    timeZone: z
      .string()
      .refine(isValidTimeZone, 'Choose a time zone by its IANA name, e.g. Europe/Berlin')
      .optional(),
    reason: z.string().trim().max(500, 'At most 500 characters').optional(),
    ticket: z.string().trim().max(200, 'At most 200 characters').optional(),
  })
  .superRefine((e, ctx) => {
    if (e.validUntil && !e.timeZone) {
      ctx.addIssue({
        code: 'custom',
        path: ['timeZone'],
        message: 'A time-bound exemption needs a time zone',
      });
    }
    if (e.timeZone && !e.validUntil) {
      ctx.addIssue({
        code: 'custom',
        path: ['validUntil'],
        message: 'Choose the last day the exemption applies',
      });
    }
  });
export type Exemption = z.infer<typeof ExemptionSchema>;

/** Epoch ms at which a time-bound exemption stops applying; `undefined` when it never expires. */
export function exemptionExpiresAt(
  e: Pick<Exemption, 'validUntil' | 'timeZone'>,
): number | undefined {
  if (!e.validUntil || !e.timeZone) return undefined;
  return endOfDayInZone(e.validUntil, e.timeZone);
}

/** True when the exemption is time-bound and `now` is at or past the end of its last day. */
export function isExemptionExpired(
  e: Pick<Exemption, 'validUntil' | 'timeZone'>,
  now: number,
): boolean {
  const expiresAt = exemptionExpiresAt(e);
  return expiresAt !== undefined && now >= expiresAt;
}
