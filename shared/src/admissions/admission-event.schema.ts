import { z } from 'zod';
import { FindingsSummarySchema } from '../findings/findings.schema.js';
import {
  AdmissionTraceSchema,
  DecisionSchema,
  ExemptionHitSchema,
  FindingRefSchema,
  RuleRefSchema,
} from './admission-trace.schema.js';

/** One admission decision (Allow included), as the gate reports it and monitoring shows it. */
export const AdmissionEventSchema = z.object({
  /** Chosen by the gate (UUID) so that retried deliveries are idempotent. */
  id: z.uuid(),
  time: z.iso.datetime(),
  clusterId: z.string(),
  clusterName: z.string(),
  environmentId: z.string(),
  namespace: z.string().max(253),
  kind: z.string().max(100),
  name: z.string().max(253),
  /** Top-level workload that owns the object (Deployment for a ReplicaSet's pod), when known. */
  owner: z.object({ kind: z.string(), name: z.string() }).nullable(),
  /** Pod (template) labels, kept so a draft rule's LabelSelector can be replayed (impact preview). */
  labels: z.record(z.string(), z.string()).default({}),
  operation: z.enum(['CREATE', 'UPDATE']),
  user: z.string().max(512),
  images: z
    .array(
      z.object({
        reference: z.string(),
        digest: z.string().nullable(),
        summary: FindingsSummarySchema.nullable(),
        decision: DecisionSchema,
      }),
    )
    .max(200),
  decision: DecisionSchema,
  decidingRule: RuleRefSchema.nullable(),
  triggeredRules: z.array(RuleRefSchema),
  exemptionsApplied: z.array(ExemptionHitSchema),
  worstFinding: FindingRefSchema.nullable(),
  reason: z.string().max(4000),
  latencyMs: z.number().min(0),
  dryRun: z.boolean(),
  /** Repeats of the same decision for the same workload and images within 10 minutes fold into one. */
  count: z.number().int().min(1).default(1),
  lastSeenAt: z.iso.datetime().optional(),
  trace: AdmissionTraceSchema,
});
export type AdmissionEvent = z.infer<typeof AdmissionEventSchema>;

/** `POST /gate/events` body. */
export const GateEventBatchSchema = z.strictObject({
  events: z.array(AdmissionEventSchema).min(1).max(500),
  /** Gate self-report, shown as gate status on the cluster. */
  gate: z
    .object({
      version: z.string().max(100),
      policyRevision: z.string().max(100).nullable(),
      p99Ms: z.number().nullable(),
    })
    .optional(),
});
export type GateEventBatch = z.infer<typeof GateEventBatchSchema>;

export const GateEventBatchResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
});
