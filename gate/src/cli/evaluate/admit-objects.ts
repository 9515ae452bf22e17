/**
 * Each manifest object as the API server would send it to the gate on `kubectl apply` of a new
 * object (an `admission.k8s.io/v1` CREATE request), answered by the gate's own admission chain:
 * the operation filter, self-exclusion and `evaluationHandler` (admission/evaluate.ts) over the
 * gate's PolicyStore and FindingsCache. Nothing here decides anything; it only records what the
 * chain answered and the event the gate would have sent.
 */
import type { AdmissionEvent, AdmissionRequest, AdmissionResponse } from '@gated/shared';
import { withOperationFilter, withSelfExclusion } from '../../admission/chain.js';
import { evaluationHandler } from '../../admission/evaluate.js';
import { excludedNamespaces } from '../../deploy/manifest-options.js';
import type { FindingsCache } from '../../findings/cache.js';
import type { PolicyStore } from '../../policy/store.js';
import type { ManifestObject, ManifestSource } from './read-manifests.js';

/** What the gate did with one object: Deny, Audit, Allow, NotGated, or why it did not evaluate it. */
export type Outcome = 'Deny' | 'Audit' | 'Allow' | 'NotGated' | 'Excluded' | 'Malformed';

export interface WorkloadResult {
  source: ManifestSource;
  kind: string;
  namespace: string;
  name: string;
  outcome: Outcome;
  /** The AdmissionResponse exactly as the gate answers it (without the never-recorded event's id). */
  response: AdmissionResponse;
  /** The event the gate would have recorded (decision, rules, exemptions, per-image trace). */
  event: AdmissionEvent | null;
}

/** Objects the webhook never sends to the gate: not a gated kind (Service, ConfigMap, …). */
export interface SkippedObject {
  source: ManifestSource;
  kind: string;
  name: string;
}

export interface AdmitOptions {
  policy: PolicyStore;
  findings: FindingsCache;
  /** The namespace objects without `metadata.namespace` are applied to (`kubectl -n`). */
  namespace: string;
  /** Where the gate runs: its namespace (and the system ones) are never sent to it. */
  gate: { namespace: string; serviceAccount: string };
  /** Who applies the objects (`userInfo.username`). */
  username: string;
  clock: () => number;
}

const RESOURCES: Record<string, string> = {
  Pod: 'pods',
  ReplicationController: 'replicationcontrollers',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
};

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The CREATE request the API server sends for `object` applied to `namespace`. */
export function createRequest(
  object: Record<string, unknown>,
  namespace: string,
  uid: string,
  username: string,
): AdmissionRequest {
  const kind = object.kind as string;
  const [group, version] = (object.apiVersion as string).includes('/')
    ? ((object.apiVersion as string).split('/', 2) as [string, string])
    : ['', object.apiVersion as string];
  const metadata =
    typeof object.metadata === 'object' && object.metadata !== null
      ? (object.metadata as Record<string, unknown>)
      : {};
  // The API server has defaulted the namespace into the object by the time admission sees it.
  const admitted = { ...object, metadata: { ...metadata, namespace } };
  const resource = RESOURCES[kind] ?? `${kind.toLowerCase()}s`;
  const name = text(metadata.name);
  return {
    uid,
    kind: { group, version, kind },
    resource: { group, version, resource },
    requestKind: { group, version, kind },
    requestResource: { group, version, resource },
    ...(name ? { name } : {}),
    namespace,
    operation: 'CREATE',
    userInfo: { username, groups: ['system:authenticated'] },
    object: admitted,
    oldObject: null,
    dryRun: false,
    options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
  };
}

/** The auditAnnotations that name the event; offline no event is recorded, so they are dropped. */
const EVENT_ANNOTATIONS = new Set(['event-id', 'event-url']);

function withoutEventIds(response: AdmissionResponse): AdmissionResponse {
  if (!response.auditAnnotations) return response;
  const kept = Object.entries(response.auditAnnotations).filter(([k]) => !EVENT_ANNOTATIONS.has(k));
  const { auditAnnotations: _dropped, ...rest } = response;
  return kept.length > 0 ? { ...rest, auditAnnotations: Object.fromEntries(kept) } : rest;
}

/** Answers every object in order; objects of kinds the gate does not gate are listed as skipped. */
export async function admitObjects(
  objects: readonly ManifestObject[],
  options: AdmitOptions,
): Promise<{ results: WorkloadResult[]; skipped: SkippedObject[] }> {
  let captured: AdmissionEvent | null = null;
  const handler = withOperationFilter(
    withSelfExclusion(options.gate)(
      evaluationHandler({
        policy: options.policy,
        findings: options.findings,
        enqueue: (event) => {
          captured = event;
        },
        clock: options.clock,
      }),
    ),
  );
  const never = new Set(excludedNamespaces(options.gate.namespace));
  const results: WorkloadResult[] = [];
  const skipped: SkippedObject[] = [];
  for (const [index, { object, source }] of objects.entries()) {
    const metadata = (object.metadata ?? {}) as Record<string, unknown>;
    const namespace = text(metadata.namespace) ?? options.namespace;
    const kind = object.kind as string;
    const name = text(metadata.name) ?? text(metadata.generateName) ?? '';
    if (!(kind in RESOURCES)) {
      skipped.push({ source, kind, name });
      continue;
    }
    const base = { source, kind, namespace, name };
    const uid = `evaluate-${index + 1}`;
    if (never.has(namespace)) {
      // The webhook's namespaceSelector (deploy/manifests.ts) keeps these from the gate entirely.
      results.push({ ...base, outcome: 'Excluded', response: { uid, allowed: true }, event: null });
      continue;
    }
    captured = null;
    const answer = await handler(createRequest(object, namespace, uid, options.username));
    answer.after?.();
    const event: AdmissionEvent | null = captured;
    const outcome: Outcome =
      answer.outcome === 'Deny' ||
      answer.outcome === 'Audit' ||
      answer.outcome === 'Allow' ||
      answer.outcome === 'NotGated' ||
      answer.outcome === 'Malformed'
        ? answer.outcome
        : 'Excluded';
    results.push({ ...base, outcome, response: withoutEventIds(answer.response), event });
  }
  return { results, skipped };
}
