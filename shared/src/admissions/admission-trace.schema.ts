import { z } from 'zod';
import { ExemptionTypeSchema } from '../rules/exemption.schema.js';
import { RuleActionSchema } from '../rules/rule.schema.js';
import {
  FindingSeveritySchema,
  FindingsSummarySchema,
  ReportSignatureSchema,
} from '../findings/findings.schema.js';

export const DecisionSchema = z.enum(['Allow', 'Audit', 'Deny', 'NotGated']);
export type Decision = z.infer<typeof DecisionSchema>;

/** A rule as events name it. */
export const RuleRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  action: RuleActionSchema,
});
export type RuleRef = z.infer<typeof RuleRefSchema>;

/** An exemption that took effect: which rule, which entry, what it dropped or skipped. */
export const ExemptionHitSchema = z.object({
  ruleId: z.string(),
  index: z.number().int(),
  type: ExemptionTypeSchema,
  value: z.string(),
  /** For CVE exemptions: the findings it dropped. */
  dropped: z.array(z.string()).optional(),
});
export type ExemptionHit = z.infer<typeof ExemptionHitSchema>;

/** Why a rule did (not) apply to an image and did (not) trigger. */
export const RuleEvaluationSchema = z.object({
  rule: RuleRefSchema,
  applies: z.boolean(),
  /** Human sentence: "namespace prod-shop starts with prod", "disabled", "exempted: Namespace equals dev". */
  reason: z.string(),
  triggered: z.boolean(),
  /** Each condition that was met: "3 Critical findings > 0 allowed", "CVE-2024-3094 present", "image not scanned". */
  triggers: z.array(z.string()),
  /** The conditions that were met, by their field name (`knownExploited`, `epssAtLeast` …). */
  conditions: z.array(z.string().max(40)).max(10).optional(),
  exemptionsHit: z.array(ExemptionHitSchema),
  /** Set when the outcome was softened (UPDATE with an existing image, controller-owned pod). */
  softened: z.string().optional(),
});
export type RuleEvaluation = z.infer<typeof RuleEvaluationSchema>;

/** A finding as the trace and messages quote it. */
export const FindingRefSchema = z.object({
  id: z.string(),
  severity: FindingSeveritySchema,
  package: z.string(),
  installedVersion: z.string().optional(),
  fixedVersion: z.string().optional(),
  /** Where it came from: `upload:trivy`, `registry:sarif` … */
  source: z.string().optional(),
});
export type FindingRef = z.infer<typeof FindingRefSchema>;

/** One image of the admitted object and everything the gate decided about it. */
export const ImageTraceSchema = z.object({
  container: z.string(),
  containerType: z.enum(['container', 'initContainer', 'ephemeralContainer']),
  reference: z.string(),
  normalized: z.string(),
  registry: z.string(),
  repository: z.string(),
  digest: z.string().nullable(),
  /** How the digest was known: pinned in the reference, a report's tag map, a registry lookup. */
  digestSource: z.enum(['reference', 'report', 'registry', 'unresolved']),
  findingsStatus: z.enum(['found', 'unscanned', 'unavailable', 'notGated']),
  summary: FindingsSummarySchema.nullable(),
  /** Worst findings (after exemptions), most severe first, at most 10. */
  worstFindings: z.array(FindingRefSchema),
  /** Where the findings came from (`registry:in-toto`, `upload:trivy`), when a report was found. */
  findingsSource: z.string().optional(),
  /** Who vouches for that report: its checked signature (signer, or why not), or the uploader. */
  signature: ReportSignatureSchema.optional(),
  /** Findings suppressed by VEX statements: the document (`source`) and the statement's position in it. */
  suppressed: z
    .array(
      z.object({
        id: z.string(),
        status: z.string(),
        source: z.string(),
        package: z.string().optional(),
        statement: z.number().int().positive().optional(),
      }),
    )
    .default([]),
  decision: DecisionSchema,
  rules: z.array(RuleEvaluationSchema),
});
export type ImageTrace = z.infer<typeof ImageTraceSchema>;

/** The full evaluation trace of one admission. */
export const AdmissionTraceSchema = z.object({
  policyRevision: z.string(),
  images: z.array(ImageTraceSchema),
  /** Notes that concern the whole request: "controller-owned pod: Deny downgraded to Audit". */
  notes: z.array(z.string()),
});
export type AdmissionTrace = z.infer<typeof AdmissionTraceSchema>;
