/**
 * Test helper: wraps the kubectl-generated fixtures of this folder as `admission.k8s.io/v1`
 * AdmissionReview requests (through the one builder, `admissionReviewFor` in @gated/shared), with a
 * fixed uid and user. Shared by the engine tests and the server's HTTP-level tests.
 */
import { readFileSync } from 'node:fs';
import {
  admissionReviewFor,
  type AdmissionRequest,
  type AdmissionReviewOptions,
  type AdmissionReviewRequest,
} from '@gated/shared';

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

export type ReviewOptions = Omit<AdmissionReviewOptions, 'groups' | 'fieldManager'>;

/** The AdmissionReview the API server sends for `object` (a fixture or any other object). */
export function admissionReview(
  object: Record<string, unknown>,
  options: ReviewOptions = {},
): AdmissionReviewRequest {
  // Fixed uid and user: the engine and server tests compare whole answers.
  return admissionReviewFor(object, {
    ...options,
    uid: options.uid ?? '705ab4f5-6393-11e8-b7cc-42010a800002',
    username: options.username ?? 'alice@example.com',
    groups: ['system:authenticated'],
  });
}

/** Just the `request` of `admissionReview`. */
export function admissionRequest(
  object: Record<string, unknown>,
  options: ReviewOptions = {},
): AdmissionRequest {
  return admissionReview(object, options).request;
}
