import { z } from 'zod';
import { DecisionSchema } from '../admissions/admission-trace.schema.js';
import { RuleInputSchema } from './rule.schema.js';

/** `POST /rules/preview`: replay a draft rule over stored admissions before saving it. */
export const RulePreviewRequestSchema = z.strictObject({
  rule: RuleInputSchema,
  days: z.union([z.literal(7), z.literal(30)]).default(7),
  /** The rule being edited, so its stored version is left out of the replay. */
  ruleId: z.string().optional(),
});
export type RulePreviewRequest = z.infer<typeof RulePreviewRequestSchema>;

export const RulePreviewResultSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  /** Admissions replayed (dry-runs and NotGated excluded). */
  evaluated: z.number().int(),
  wouldDeny: z.number().int(),
  wouldAudit: z.number().int(),
  /** Distinct workloads affected. */
  workloads: z.number().int(),
  examples: z
    .array(
      z.object({
        eventId: z.string(),
        time: z.iso.datetime(),
        clusterName: z.string(),
        namespace: z.string(),
        kind: z.string(),
        name: z.string(),
        images: z.array(z.string()),
        outcome: DecisionSchema,
        /** Why the draft triggered: "2 Critical findings > 0 allowed". */
        because: z.string(),
      }),
    )
    .max(50),
  /**
   * Send this back as the `Impact-Acknowledged` header when saving exactly this draft as a Deny
   * (or wider Deny) rule: it says the admin saw this preview. Tied to the draft's content.
   */
  acknowledgement: z.string().optional(),
});
export type RulePreviewResult = z.infer<typeof RulePreviewResultSchema>;
