import { z } from 'zod';
import { FieldErrorSchema } from '../errors/problem.schema.js';
import { ExemptionSchema } from './exemption.schema.js';

/** What `POST /rules/import` would do with one rule of the document. */
export const RuleImportOutcomeSchema = z.enum(['create', 'change', 'unchanged', 'refuse']);
export type RuleImportOutcome = z.infer<typeof RuleImportOutcomeSchema>;

/** One field an import would change on an existing rule: its path and short before/after texts. */
export const RuleFieldChangeSchema = z.object({
  path: z.string(),
  before: z.string().optional(),
  after: z.string().optional(),
});
export type RuleFieldChange = z.infer<typeof RuleFieldChangeSchema>;

/**
 * `POST /rules/import/preview`: per rule of the document, whether the import creates it, changes
 * an existing rule (and which fields), leaves it as is, or refuses it (field errors with paths into
 * the document, `rules.2.action`). Nothing is written; `valid` is what the commit would answer.
 */
export const RuleImportPreviewSchema = z.object({
  valid: z.boolean(),
  detail: z.string(),
  summary: z.object({
    create: z.number().int(),
    change: z.number().int(),
    unchanged: z.number().int(),
    refuse: z.number().int(),
  }),
  /** Errors of the document itself (not YAML, wrong kind, too many rules); empty when it reads. */
  documentErrors: z.array(FieldErrorSchema),
  rules: z.array(
    z.object({
      index: z.number().int(),
      name: z.string().optional(),
      outcome: RuleImportOutcomeSchema,
      /** The existing rule a `change` or `unchanged` applies to. */
      ruleId: z.string().optional(),
      changes: z.array(RuleFieldChangeSchema),
      errors: z.array(FieldErrorSchema),
    }),
  ),
});
export type RuleImportPreview = z.infer<typeof RuleImportPreviewSchema>;

export const RuleBulkActionSchema = z.enum(['enable', 'disable', 'delete']);
export type RuleBulkAction = z.infer<typeof RuleBulkActionSchema>;

/** `POST /rules/bulk`: one action on several rules, in one transaction (all or none). */
export const RuleBulkRequestSchema = z.strictObject({
  ids: z
    .array(z.string().min(1).max(100))
    .min(1, 'Select at least one rule')
    .max(500, 'At most 500 rules at once')
    .refine((ids) => new Set(ids).size === ids.length, 'Each rule may be listed once'),
  action: RuleBulkActionSchema,
});
export type RuleBulkRequest = z.infer<typeof RuleBulkRequestSchema>;

export const RuleBulkResultSchema = z.object({
  action: RuleBulkActionSchema,
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      /** `unchanged`: already in the requested state (no revision, no audit entry). */
      outcome: z.enum(['updated', 'unchanged', 'deleted']),
    }),
  ),
});
export type RuleBulkResult = z.infer<typeof RuleBulkResultSchema>;

/** `GET /exemptions/expiring`: time-bound exemptions still in force that end within `withinDays`. */
export const ExpiringExemptionsQuerySchema = z.strictObject({
  withinDays: z.coerce.number().int().min(1).max(90).default(7),
});

export const ExpiringExemptionsSchema = z.object({
  /** The server's clock when it answered; "within N days" counts from here. */
  now: z.iso.datetime(),
  withinDays: z.number().int(),
  items: z.array(
    z.object({
      ruleId: z.string(),
      ruleName: z.string(),
      ruleEnabled: z.boolean(),
      /** Position in the rule's exemptions list. */
      index: z.number().int(),
      exemption: ExemptionSchema,
      /** End of `validUntil` in its time zone. */
      expiresAt: z.iso.datetime(),
    }),
  ),
});
export type ExpiringExemptions = z.infer<typeof ExpiringExemptionsSchema>;
