/**
 * The engine's contract. The engine is pure: (subject, compiled policy, findings lookup, clock) →
 * decision + trace. All I/O (findings prefetch with a time budget, registry lookups, events) happens
 * in the runtime before and after, so the BFF can replay the same engine for impact previews.
 */
import type {
  AdmissionTrace,
  Decision,
  ExemptionHit,
  FindingRef,
  FindingsReport,
  RuleRef,
} from '@gated/shared';

/** One container image of the admitted object. */
export interface SubjectImage {
  container: string;
  containerType: 'container' | 'initContainer' | 'ephemeralContainer';
  /** As written in the spec. */
  reference: string;
}

/** What the engine evaluates: the workload facts extracted from an AdmissionRequest (or a stored event). */
export interface AdmissionSubject {
  operation: 'CREATE' | 'UPDATE';
  dryRun: boolean;
  namespace: string;
  /** Kind of the admitted object: Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController. */
  kind: string;
  name: string;
  /** Top-level workload owning the object, as far as the object tells (Deployment for a ReplicaSet or its pods). */
  owner: { kind: string; name: string } | null;
  /** A Pod (or ReplicaSet/Job) with a controller ownerReference to ReplicaSet, StatefulSet, DaemonSet or Job. */
  controllerOwned: boolean;
  /** Deployment name for Deployment conditions/exemptions: own name, or derived from the owner chain. */
  deploymentName: string | null;
  /** Pod name for Pod conditions/exemptions (bare pods: their name; templates: generateName or owner name). */
  podName: string | null;
  /** Pod template labels (LabelSelector conditions). */
  labels: Record<string, string>;
  user: string;
  images: SubjectImage[];
  /** Normalised references of the images in `oldObject` (UPDATE only). */
  previousImages: ReadonlySet<string>;
}

/** The findings the runtime already holds for an image; the engine never waits for I/O. */
export type FindingsAnswer =
  /** The newest usable report for the digest, with where it came from (`upload:trivy`, `registry:sarif`). */
  | { status: 'found'; report: FindingsReport; source: string }
  /** Known to have no report. */
  | { status: 'unscanned' }
  /** Lookup failed or exceeded its budget: treated like unscanned, never a reason to deny on its own unless `blockUnscanned`. */
  | { status: 'unavailable' };

/** Synchronous view over what the runtime prefetched (cache, control plane, registry). */
export interface FindingsLookup {
  /** Digest of a normalised tag reference (`docker.io/library/nginx:1.27`), when known. */
  resolveDigest(normalizedReference: string): string | undefined;
  /** Where `resolveDigest`'s answer came from, for the trace; `report` (a report's tag map) when absent. */
  digestSource?(normalizedReference: string): 'report' | 'registry';
  /** True when the tag's digest is unknown because its lookup failed or ran out of time (not "no such tag"). */
  digestUnavailable?(normalizedReference: string): boolean;
  /** Findings of a manifest digest. */
  findings(digest: string): FindingsAnswer;
}

/** The decision and everything needed to answer the API server and to record the event. */
export interface AdmissionDecision {
  decision: Decision;
  decidingRule: RuleRef | null;
  triggeredRules: RuleRef[];
  exemptionsApplied: ExemptionHit[];
  worstFinding: FindingRef | null;
  /** Deny: the kubectl-sized message (image, rule, threshold, worst CVEs with fixed versions, portal link). */
  message: string;
  /** Audit: one kubectl warning per triggered Audit rule and image (short). */
  warnings: string[];
  /** Audit and Deny: `auditAnnotations` for the AdmissionResponse (keys are unprefixed; the API server prefixes the webhook name). */
  auditAnnotations: Record<string, string>;
  /** One sentence for every decision (the event's `reason`): why it was allowed, audited, denied or not gated. */
  reason: string;
  /** Copied from the subject: the runtime answers the same way but records no event. */
  dryRun: boolean;
  trace: AdmissionTrace;
}

/**
 * Why no subject could be extracted. `malformed`: the object cannot be read (no pod spec, a
 * container without an image) → the runtime answers `allowed: false` with code 400 and `error` as
 * the message (a user error, docs/conventions.md#gate-self-exclusion). `ignored`: an operation or
 * kind the gate does not evaluate (DELETE, CONNECT, a ConfigMap sent by a too-wide webhook rule) →
 * `allowed: true`, no event.
 */
export interface SubjectError {
  error: string;
  category: 'malformed' | 'ignored';
}
