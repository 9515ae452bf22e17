import { z } from 'zod';
import { FieldChangeSchema } from '../audit/audit-entry.schema.js';

export const ActivityWindowSchema = z.enum(['24h', '7d']);
export type ActivityWindow = z.infer<typeof ActivityWindowSchema>;
export const ACTIVITY_WINDOW_MS: Record<ActivityWindow, number> = {
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};

/** `GET /rules/{id}/activity`: the window ending at `until` (default: the server's now). */
export const RuleActivityQuerySchema = z.strictObject({
  window: ActivityWindowSchema.default('24h'),
  until: z.iso.datetime({ offset: true }).optional(),
});
export type RuleActivityQuery = z.infer<typeof RuleActivityQuerySchema>;

const ByDecisionSchema = z.object({
  Deny: z.number().int(),
  Audit: z.number().int(),
  Allow: z.number().int(),
});

/**
 * Admissions the rule decided or triggered in the window, by decision. Folded repeats count by
 * their count (`admissions`), rows once (`events`), like monitoring's "116 events · 1,904 admissions".
 */
export const RuleActivitySchema = z.object({
  ruleId: z.string(),
  window: ActivityWindowSchema,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  /** Admissions where the rule was deciding or among the triggered rules. */
  admissions: ByDecisionSchema,
  /** Of those, the ones this rule decided (it was the deciding rule). */
  decided: ByDecisionSchema,
  events: z.number().int(),
});
export type RuleActivity = z.infer<typeof RuleActivitySchema>;

/** One audit entry of a rule, with what it changed. */
export const RuleHistoryEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  changes: z.array(FieldChangeSchema),
});
export type RuleHistoryEntry = z.infer<typeof RuleHistoryEntrySchema>;

export const RuleHistoryQuerySchema = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const RuleHistorySchema = z.object({
  items: z.array(RuleHistoryEntrySchema),
  nextCursor: z.string().nullable(),
});
export type RuleHistory = z.infer<typeof RuleHistorySchema>;
