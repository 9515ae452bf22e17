/**
 * Builds the AdmissionEvent the control plane records for one decision
 * (docs/evaluation-semantics.md#folding).
 */
import type { AdmissionEvent, GatePolicy } from '@gated/shared';
import type { AdmissionDecision, AdmissionSubject } from '../engine/index.js';

const MAX_IMAGES = 200;
const MAX_REASON = 4000;

export interface EventFacts {
  id: string;
  time: Date;
  latencyMs: number;
}

export function buildAdmissionEvent(
  subject: AdmissionSubject,
  decision: AdmissionDecision,
  policy: GatePolicy,
  facts: EventFacts,
): AdmissionEvent {
  return {
    id: facts.id,
    time: facts.time.toISOString(),
    clusterId: policy.cluster.id,
    clusterName: policy.cluster.name,
    environmentId: policy.environment.id,
    namespace: subject.namespace.slice(0, 253),
    kind: subject.kind.slice(0, 100),
    name: subject.name.slice(0, 253),
    owner: subject.owner,
    labels: subject.labels,
    operation: subject.operation,
    user: subject.user.slice(0, 512),
    images: decision.trace.images.slice(0, MAX_IMAGES).map((i) => ({
      reference: i.reference,
      digest: i.digest,
      summary: i.summary,
      decision: i.decision,
    })),
    decision: decision.decision,
    decidingRule: decision.decidingRule,
    triggeredRules: decision.triggeredRules,
    exemptionsApplied: decision.exemptionsApplied,
    worstFinding: decision.worstFinding,
    reason: decision.reason.slice(0, MAX_REASON),
    latencyMs: Math.max(0, Math.round(facts.latencyMs * 1000) / 1000),
    dryRun: decision.dryRun,
    count: 1,
    trace: decision.trace,
  };
}
