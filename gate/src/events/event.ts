/**
 * Builds the AdmissionEvent the control plane records for one decision
 * (docs/evaluation-semantics.md#folding).
 */
import {
  cutText,
  type AdmissionEvent,
  type AdmissionTrace,
  type GatePolicy,
  type ImageTrace,
} from '@gated/shared';
import type { AdmissionDecision, AdmissionSubject } from '../engine/index.js';
import { foldKeyOf } from './fold-key.js';

const MAX_IMAGES = 200;
const MAX_REASON = 4000;
/*
 * Whoever writes a workload chooses how many images it names, how long their names are and how
 * many labels it carries. Unbounded, a pod of 5,000 containers made an 11 MB event and a 400 kB
 * image name a 1.2 MB one (thousands of labels likewise): larger than a batch may carry, so they were dropped and the decision
 * never appeared in Admission Monitoring (an Audit one, of a workload that runs). Bounded, an
 * event stays well under the control plane's 1 MiB batch limit for any such workload.
 */
/** What the reference parser accepts (shared/src/k8s/image-reference.ts); longer is cut here. */
const MAX_REFERENCE = 1024;
/** Images whose rule evaluations an event keeps; the trace notes how many more there were. */
const MAX_TRACED_IMAGES = 50;
/**
 * Characters of label keys and values an event keeps: 200 labels of 80 characters fit; the
 * thousands an object of etcd's 1.5 MB could carry do not.
 */
const MAX_LABEL_CHARS = 32 * 1024;

function clipped(text: string, max: number): string {
  return text.length <= max ? text : `${cutText(text, max)}…`;
}

/** True when any image's reference is longer than an event keeps (no allocation otherwise). */
function hasLongReference(images: readonly { reference: string }[]): boolean {
  for (const i of images) if (i.reference.length > MAX_REFERENCE) return true;
  return false;
}

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
  const namespace = cutText(subject.namespace, 253);
  const kind = cutText(subject.kind, 100);
  const name = cutText(subject.name, 253);
  const kept = images.length > MAX_IMAGES ? images.slice(0, MAX_IMAGES) : images;
  const key = foldKeyOf({
    clusterId: policy.cluster.id,
    namespace,
    kind,
    name,
    decision: decision.decision,
    images: hasLongReference(kept)
      ? kept.map((i) => ({ reference: clipped(i.reference, MAX_REFERENCE), digest: i.digest }))
      : kept,
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
    reason: cutText(decision.reason, MAX_REASON),
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
    namespace: cutText(subject.namespace, 253),
    kind: cutText(subject.kind, 100),
    name: cutText(subject.name, 253),
    owner: boundedOwner(subject.owner),
    labels: boundedLabels(subject.labels),
    operation: subject.operation,
    user: cutText(subject.user, 512),
    images: decision.trace.images.slice(0, MAX_IMAGES).map((i) => ({
      reference: clipped(i.reference, MAX_REFERENCE),
      digest: i.digest,
      summary: i.summary,
      decision: i.decision,
    })),
    decision: decision.decision,
    decidingRule: decision.decidingRule,
    triggeredRules: decision.triggeredRules,
    exemptionsApplied: decision.exemptionsApplied,
    worstFinding: decision.worstFinding,
    reason: cutText(decision.reason, MAX_REASON),
    latencyMs: Math.max(0, Math.round(facts.latencyMs * 1000) / 1000),
    dryRun: decision.dryRun,
    count: 1,
    trace: boundedTrace(decision.trace),
  };
}

/** Owner references are only checked for being non-empty by the API server: any length gets here. */
function boundedOwner(owner: AdmissionSubject['owner']): AdmissionSubject['owner'] {
  if (!owner || (owner.kind.length <= 100 && owner.name.length <= 253)) return owner;
  return { kind: clipped(owner.kind, 100), name: clipped(owner.name, 253) };
}

/** The labels, or as many of the first as fit in MAX_LABEL_CHARS. */
function boundedLabels(labels: Record<string, string>): Record<string, string> {
  let chars = 0;
  for (const key in labels) {
    chars += key.length + (labels[key]?.length ?? 0);
    if (chars > MAX_LABEL_CHARS) return labelsWithin(labels);
  }
  return labels;
}

function labelsWithin(labels: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  let chars = 0;
  for (const [key, value] of Object.entries(labels)) {
    chars += key.length + value.length;
    if (chars > MAX_LABEL_CHARS) break;
    kept[key] = value;
  }
  return kept;
}

/**
 * The trace, or a copy within the bounds above when it passes them (the rare case): every image
 * the event lists keeps its findings (monitoring's CVE filter reads them), the first
 * MAX_TRACED_IMAGES also their rule evaluations.
 */
function boundedTrace(trace: AdmissionTrace): AdmissionTrace {
  const long = (i: ImageTrace) =>
    i.reference.length > MAX_REFERENCE ||
    i.normalized.length > MAX_REFERENCE ||
    i.registry.length > MAX_REFERENCE ||
    i.repository.length > MAX_REFERENCE;
  const untraced = Math.min(trace.images.length, MAX_IMAGES) - MAX_TRACED_IMAGES;
  const unlisted = trace.images.length - MAX_IMAGES;
  if (untraced <= 0 && !trace.images.some(long)) return trace;
  const images = trace.images.slice(0, MAX_IMAGES).map((i, at) =>
    long(i) || at >= MAX_TRACED_IMAGES
      ? Object.assign({}, i, {
          reference: clipped(i.reference, MAX_REFERENCE),
          normalized: clipped(i.normalized, MAX_REFERENCE),
          registry: clipped(i.registry, MAX_REFERENCE),
          repository: clipped(i.repository, MAX_REFERENCE),
          rules: at >= MAX_TRACED_IMAGES ? [] : i.rules,
        })
      : i,
  );
  const notes = [...trace.notes];
  if (untraced > 0)
    notes.push(
      `rule evaluations are kept for the first ${MAX_TRACED_IMAGES} images; the other ${untraced} listed here show their findings and decision only`,
    );
  if (unlisted > 0)
    notes.push(
      `${unlisted} more images were evaluated but are not listed: an event lists the first ${MAX_IMAGES}`,
    );
  return { policyRevision: trace.policyRevision, images, notes };
}
