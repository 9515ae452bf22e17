/**
 * How the API server wraps an object for a validating webhook: the one builder behind the gate's
 * tests, the e2e suites and anything that evaluates a manifest offline the way admission would.
 * The kind → resource table is the API server's own naming for the workload kinds the gate
 * intercepts; any other kind gets the server's default (lower-case plural).
 */
import type { AdmissionRequest, AdmissionReviewRequest } from './admission-review.schema.js';

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** The workload kinds the gate intercepts, with the group/version/resource the API server sends. */
export const WORKLOAD_RESOURCES = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  ReplicationController: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  ReplicaSet: { group: 'apps', version: 'v1', resource: 'replicasets' },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  Job: { group: 'batch', version: 'v1', resource: 'jobs' },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs' },
} as const satisfies Record<string, GroupVersionResource>;

export type WorkloadKind = keyof typeof WORKLOAD_RESOURCES;

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return Object.hasOwn(WORKLOAD_RESOURCES, kind);
}

/** The resource the API server names for `kind` (its lower-case plural when not a workload kind). */
export function resourceOfKind(kind: string): GroupVersionResource {
  return isWorkloadKind(kind)
    ? WORKLOAD_RESOURCES[kind]
    : { group: '', version: 'v1', resource: `${kind.toLowerCase()}s` };
}

export interface AdmissionReviewOptions {
  operation?: 'CREATE' | 'UPDATE';
  oldObject?: unknown;
  dryRun?: boolean;
  /** `ephemeralcontainers` for `kubectl debug`. */
  subResource?: string;
  /** The review's uid (the API server makes a fresh one per call). */
  uid?: string;
  username?: string;
  groups?: string[];
  /** The client's field manager, as `kubectl apply` sends it in the operation's options. */
  fieldManager?: string;
}

/** The `admission.k8s.io/v1` AdmissionReview the API server sends for `object`. */
export function admissionReviewFor(
  object: Record<string, unknown>,
  options: AdmissionReviewOptions = {},
): AdmissionReviewRequest {
  const kindName = typeof object.kind === 'string' ? object.kind : 'Pod';
  const gvr = resourceOfKind(kindName);
  const metadata = (
    typeof object.metadata === 'object' && object.metadata !== null ? object.metadata : {}
  ) as { name?: unknown; namespace?: unknown };
  const operation = options.operation ?? 'CREATE';
  const kind = { group: gvr.group, version: gvr.version, kind: kindName };
  const resource = { group: gvr.group, version: gvr.version, resource: gvr.resource };
  const request: AdmissionRequest = {
    uid: options.uid ?? globalThis.crypto.randomUUID(),
    kind,
    resource,
    requestKind: kind,
    requestResource: resource,
    ...(options.subResource
      ? { subResource: options.subResource, requestSubResource: options.subResource }
      : {}),
    ...(typeof metadata.name === 'string' ? { name: metadata.name } : {}),
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : 'default',
    operation,
    userInfo: {
      username: options.username ?? 'kubernetes-admin',
      groups: options.groups ?? ['system:masters', 'system:authenticated'],
    },
    object,
    oldObject: options.oldObject ?? null,
    dryRun: options.dryRun ?? false,
    options: {
      kind: operation === 'UPDATE' ? 'UpdateOptions' : 'CreateOptions',
      apiVersion: 'meta.k8s.io/v1',
      ...(options.fieldManager
        ? { fieldManager: options.fieldManager, fieldValidation: 'Strict' }
        : {}),
    },
  };
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request };
}
