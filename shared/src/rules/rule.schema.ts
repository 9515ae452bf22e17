import { z } from 'zod';
import { ResourceConditionSchema, RuleConditionsSchema } from './condition.schema.js';
import { ExemptionSchema } from './exemption.schema.js';
import { hasControlCharacter, ruleNameKey } from './rule-name.js';

export const RuleActionSchema = z.enum(['Audit', 'Deny']);
export type RuleAction = z.infer<typeof RuleActionSchema>;

/** Where a rule applies: cloud accounts (none = all) and AND-ed resource conditions (none = everything). */
export const RuleScopeSchema = z.strictObject({
  name: z.string().trim().min(1, 'Give the scope a name').max(100, 'At most 100 characters'),
  cloudScopes: z.array(z.string().min(1).max(100)).max(200).default([]),
  resourceConditions: z
    .array(ResourceConditionSchema)
    .max(20, 'At most 20 resource conditions')
    .default([]),
});
export type RuleScope = z.infer<typeof RuleScopeSchema>;

/** The editable part of a security rule: the create/update body, the wizard's form, the export entry. */
export const RuleInputSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'Give the rule a name')
    .max(100, 'At most 100 characters')
    .refine((n) => !hasControlCharacter(n), 'Control characters are not allowed in a name')
    .refine((n) => ruleNameKey(n) !== '', 'The name has no visible characters'),
  description: z.string().trim().max(1000, 'At most 1000 characters').optional(),
  action: RuleActionSchema,
  enabled: z.boolean().default(true),
  scope: RuleScopeSchema,
  conditions: RuleConditionsSchema,
  blockUnscanned: z.boolean().default(false),
  /**
   * Only reports a trusted signer signed (or an authenticated API upload) count; an unsigned or wrongly
   * signed report is treated as no report, so `blockUnscanned` decides.
   */
  requireSignedFindings: z.boolean().optional(),
  exemptions: z.array(ExemptionSchema).max(200, 'At most 200 exemptions').default([]),
});
/** What a client sends (defaults optional). */
export type RuleInputDraft = z.input<typeof RuleInputSchema>;
/** After parsing (defaults applied). */
export type RuleInput = z.infer<typeof RuleInputSchema>;

/** A stored rule: its input plus identity, optimistic-concurrency revision and bookkeeping. */
export const RuleSchema = z.object({
  ...RuleInputSchema.shape,
  id: z.string(),
  revision: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const RuleListSchema = z.object({ items: z.array(RuleSchema) });
export type RuleList = z.infer<typeof RuleListSchema>;

/** Policy as code: the document `GET /rules/export` writes and `POST /rules/import` and `gate --policy-file` read. */
export const RuleExportDocumentSchema = z.strictObject({
  apiVersion: z.literal('gated.dev/v1'),
  kind: z.literal('SecurityRuleList'),
  /** Registries admitted without evaluation (standalone gates; the control plane keeps these per environment). */
  ungatedRegistries: z.array(z.string()).optional(),
  rules: z.array(z.unknown()).max(5000),
});
export type RuleExportDocument = z.infer<typeof RuleExportDocumentSchema>;

/** Outcome of an import: all-or-nothing, with every rule's errors when it was refused. */
export const RuleImportResultSchema = z.object({
  applied: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  errors: z.array(
    z.object({
      index: z.number().int(),
      name: z.string().optional(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
});
export type RuleImportResult = z.infer<typeof RuleImportResultSchema>;
