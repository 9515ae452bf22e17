/**
 * Test helper: wraps the kubectl-generated fixtures of this folder as `admission.k8s.io/v1`
 * AdmissionReview requests, with the group/version/resource the API server would send for them.
 * Shared by the engine tests and the server's HTTP-level tests.
 */
import { readFileSync } from 'node:fs';
import type { AdmissionRequest, AdmissionReviewRequest } from '@gated/shared';

/** The committed fixtures (regenerate with `generate.sh`). */
export type FixtureName =
  | 'deployment'
  | 'replicaset'
  | 'pod'
  | 'pod-of-replicaset'
  | 'pod-of-statefulset'
  | 'pod-with-ephemeral'
  | 'statefulset'
  | 'daemonset'
  | 'replicationcontroller'
  | 'job'
  | 'cronjob';

/** A fresh, mutable copy of a fixture object. */
export function loadFixture(name: FixtureName): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

const RESOURCES: Record<string, { group: string; version: string; resource: string }> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  ReplicationController: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  ReplicaSet: { group: 'apps', version: 'v1', resource: 'replicasets' },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  Job: { group: 'batch', version: 'v1', resource: 'jobs' },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs' },
};

export interface ReviewOptions {
  operation?: 'CREATE' | 'UPDATE';
  oldObject?: unknown;
  dryRun?: boolean;
  /** `ephemeralcontainers` for `kubectl debug`. */
  subResource?: string;
  uid?: string;
  username?: string;
}

/** The AdmissionReview the API server sends for `object` (a fixture or any other object). */
export function admissionReview(
  object: Record<string, unknown>,
  options: ReviewOptions = {},
): AdmissionReviewRequest {
  const kind = typeof object.kind === 'string' ? object.kind : 'Pod';
  const gvr = RESOURCES[kind] ?? { group: '', version: 'v1', resource: `${kind.toLowerCase()}s` };
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  const request: AdmissionRequest = {
    uid: options.uid ?? '705ab4f5-6393-11e8-b7cc-42010a800002',
    kind: { group: gvr.group, version: gvr.version, kind },
    resource: { group: gvr.group, version: gvr.version, resource: gvr.resource },
    requestKind: { group: gvr.group, version: gvr.version, kind },
    requestResource: { group: gvr.group, version: gvr.version, resource: gvr.resource },
    ...(options.subResource
      ? { subResource: options.subResource, requestSubResource: options.subResource }
      : {}),
    ...(metadata.name ? { name: metadata.name } : {}),
    namespace: metadata.namespace ?? 'default',
    operation: options.operation ?? 'CREATE',
    userInfo: {
      username: options.username ?? 'alice@example.com',
      groups: ['system:authenticated'],
    },
    object,
    oldObject: options.oldObject ?? null,
    dryRun: options.dryRun ?? false,
    options: {
      apiVersion: 'meta.k8s.io/v1',
      kind: options.operation === 'UPDATE' ? 'UpdateOptions' : 'CreateOptions',
    },
  };
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request };
}

/** Just the `request` of `admissionReview`. */
export function admissionRequest(
  object: Record<string, unknown>,
  options: ReviewOptions = {},
): AdmissionRequest {
  return admissionReview(object, options).request;
}
