/**
 * Builds the AdmissionEvent the control plane records for one decision
 * (docs/evaluation-semantics.md#folding).
 */
import type { AdmissionEvent, GatePolicy } from '@gated/shared';
import type { AdmissionDecision, AdmissionSubject } from '../engine/index.js';
import { foldKeyOf } from './fold-key.js';

const MAX_IMAGES = 200;
const MAX_REASON = 4000;

/**
 * A repeat the queue may fold without its event being built: the fold key of the event
 * `buildAdmissionEvent` would make, and what the decision log line needs.
 */
export interface EventRepeat {
  key: string;
  id: string;
  time: string;
  decision: AdmissionDecision['decision'];
  namespace: string;
  kind: string;
  name: string;
  rule: string | undefined;
  reason: string;
}

/** The repeat of a non-dry-run decision; `images` in the trace's order (reference, digest). */
export function admissionRepeat(
  subject: AdmissionSubject,
  decision: Omit<AdmissionDecision, 'trace'>,
  images: readonly { reference: string; digest: string | null }[],
  policy: GatePolicy,
  facts: { id: string; time: Date },
): EventRepeat {
  // The same clipping as buildAdmissionEvent, so the key is the built event's eventFoldKey.
  const namespace = subject.namespace.slice(0, 253);
  const kind = subject.kind.slice(0, 100);
  const name = subject.name.slice(0, 253);
  const key = foldKeyOf({
    clusterId: policy.cluster.id,
    namespace,
    kind,
    name,
    decision: decision.decision,
    images: images.length > MAX_IMAGES ? images.slice(0, MAX_IMAGES) : images,
  });
  return {
    key,
    id: facts.id,
    time: facts.time.toISOString(),
    decision: decision.decision,
    namespace,
    kind,
    name,
    rule: decision.decidingRule?.name,
    reason: decision.reason.slice(0, MAX_REASON),
  };
}

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
