/**
 * A hand-written check of exactly what `AdmissionReviewRequestSchema` (shared/src/k8s) accepts, for
 * the hot path: it reads only the envelope's fields (uid, kinds, resources, operation, userInfo,
 * dryRun) and never copies the object. review-shape.test.ts checks, property by property, that it
 * accepts a value exactly when the zod schema does; the schema stays the source of the 400 message.
 */
import type { AdmissionReviewRequest } from '@gated/shared';

type Json = Record<string, unknown>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}

function isGroupVersion(v: unknown, last: 'kind' | 'resource'): boolean {
  return (
    isRecord(v) &&
    typeof v.group === 'string' &&
    typeof v.version === 'string' &&
    typeof v[last] === 'string'
  );
}

function isUserInfo(v: unknown): boolean {
  if (!isRecord(v) || !optionalString(v.username) || !optionalString(v.uid)) return false;
  const groups = v.groups;
  if (groups === undefined) return true;
  if (!Array.isArray(groups)) return false;
  for (const g of groups) if (typeof g !== 'string') return false;
  return true;
}

function isOperation(v: unknown): boolean {
  return v === 'CREATE' || v === 'UPDATE' || v === 'DELETE' || v === 'CONNECT';
}

function isRequest(r: unknown): boolean {
  if (!isRecord(r)) return false;
  const uid = r.uid;
  return (
    typeof uid === 'string' &&
    uid.length >= 1 &&
    uid.length <= 128 &&
    isGroupVersion(r.kind, 'kind') &&
    isGroupVersion(r.resource, 'resource') &&
    optionalString(r.subResource) &&
    (r.requestKind === undefined || isGroupVersion(r.requestKind, 'kind')) &&
    (r.requestResource === undefined || isGroupVersion(r.requestResource, 'resource')) &&
    optionalString(r.requestSubResource) &&
    optionalString(r.name) &&
    optionalString(r.namespace) &&
    isOperation(r.operation) &&
    isUserInfo(r.userInfo) &&
    (r.dryRun === undefined || typeof r.dryRun === 'boolean')
  );
}

/** True when `raw` is an `admission.k8s.io/v1` AdmissionReview request as the shared schema defines it. */
export function isAdmissionReviewRequest(raw: unknown): raw is AdmissionReviewRequest {
  return (
    isRecord(raw) &&
    raw.apiVersion === 'admission.k8s.io/v1' &&
    raw.kind === 'AdmissionReview' &&
    isRequest(raw.request)
  );
}
