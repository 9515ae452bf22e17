import { z } from 'zod';
import { FindingsSummarySchema } from '../findings/findings.schema.js';
import { hasControlCharacter } from '../rules/rule-name.js';
import {
  AdmissionTraceSchema,
  DecisionSchema,
  ExemptionHitSchema,
  FindingRefSchema,
  RuleRefSchema,
} from './admission-trace.schema.js';

/** Largest `count` an event may carry (2^53 − 1: exact in JSON numbers and in a 64-bit column). */
export const MAX_EVENT_COUNT = Number.MAX_SAFE_INTEGER;

/** Most folded-repeat ids one event carries from a gate (a gate opens a new event beyond it). */
export const MAX_FOLDED_IDS = 100;

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
  /**
   * Repeats of the same decision for the same workload and images within 10 minutes fold into one.
   * Stored as a 64-bit integer; bounded by the largest integer a JSON number carries exactly.
   */
  count: z.number().int().min(1).max(MAX_EVENT_COUNT).default(1),
  lastSeenAt: z.iso.datetime().optional(),
  /**
   * Ids of the repeats a gate folded into this event before delivering it: each was handed out in
   * a Deny message, so the control plane keeps them as aliases (docs/decisions/120-*). Bounded: a
   * gate starts a new event rather than drop an id.
   */
  foldedIds: z.array(z.uuid()).max(MAX_FOLDED_IDS).optional(),
  trace: AdmissionTraceSchema,
});
export type AdmissionEvent = z.infer<typeof AdmissionEventSchema>;

/** `GET /admissions/{id}`: the event, and `foldedFrom` when the id asked for was folded into it. */
export const AdmissionEventAnswerSchema = AdmissionEventSchema.extend({
  foldedFrom: z.uuid().optional(),
});
export type AdmissionEventAnswer = z.infer<typeof AdmissionEventAnswerSchema>;

/**
 * Self-report text, shown on the cluster. Control characters are refused with the batch: PostgreSQL
 * refuses NUL in text, so one written after the events were stored failed every retry with a 500.
 */
const SelfReportTextSchema = z
  .string()
  .max(100)
  .refine((s) => !hasControlCharacter(s), 'Control characters are not allowed');

/** Gate self-report, shown as gate status on the cluster. */
export const GateSelfReportSchema = z.object({
  version: SelfReportTextSchema,
  policyRevision: SelfReportTextSchema.nullable(),
  p99Ms: z.number().nullable(),
});

/** Most events in one `POST /gate/events` batch. */
export const MAX_EVENTS_PER_BATCH = 500;

/** `POST /gate/events` body, as the gate builds it. */
export const GateEventBatchSchema = z.strictObject({
  events: z.array(AdmissionEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
  gate: GateSelfReportSchema.optional(),
});
export type GateEventBatch = z.infer<typeof GateEventBatchSchema>;

/**
 * `POST /gate/events` body, as the control plane reads it: the envelope is checked whole, each
 * event on its own, so one malformed event is refused by name while the rest are stored.
 */
export const GateEventBatchEnvelopeSchema = z.strictObject({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
  gate: GateSelfReportSchema.optional(),
});
export type GateEventBatchEnvelope = z.infer<typeof GateEventBatchEnvelopeSchema>;

/** One event of a batch the control plane did not store, and why (field paths as in problem+json). */
export const RefusedEventSchema = z.object({
  /** Position in the batch's `events`. */
  index: z.number().int().min(0),
  /** The event's id when it had a readable one. */
  id: z.string().nullable(),
  problem: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type RefusedEvent = z.infer<typeof RefusedEventSchema>;

export const GateEventBatchResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  /** Events refused for good; a gate drops (and counts) these and never resends them. */
  refused: z.array(RefusedEventSchema).default([]),
});
export type GateEventBatchResult = z.infer<typeof GateEventBatchResultSchema>;

/**
 * Response header on `/gate/policy` and `/gate/events`: the largest `/gate/events` body (bytes) the
 * control plane accepts. Gates keep their batches below it; without it they assume
 * `DEFAULT_EVENT_BATCH_LIMIT_BYTES`.
 */
export const EVENT_BATCH_LIMIT_HEADER = 'x-gated-event-batch-limit';
/** The control plane's default body limit (1 MiB), assumed until a response says otherwise. */
export const DEFAULT_EVENT_BATCH_LIMIT_BYTES = 1024 * 1024;
