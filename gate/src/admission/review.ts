/**
 * Transport only (docs/conventions.md#admission-layering): decodes an `admission.k8s.io/v1`
 * AdmissionReview with the shared schema and builds the responses. Every builder echoes the
 * request's `uid`, as the API server requires.
 */
import {
  AdmissionReviewRequestSchema,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReviewResponse,
} from '@gated/shared';

/** The request, or why the body is not an AdmissionReview (the route answers 400, never a crash). */
export type Decoded = { ok: true; request: AdmissionRequest } | { ok: false; error: string };

/** Parses the raw body text. */
export function decodeReview(body: string): Decoded {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, error: 'The body is not JSON' };
  }
  const parsed = AdmissionReviewRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown';
    return { ok: false, error: `Not an admission.k8s.io/v1 AdmissionReview request (${where})` };
  }
  return { ok: true, request: parsed.data.request };
}

/** Wraps a response in the review envelope. */
export function encodeReview(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

/** Allowed, nothing to say. */
export function allow(uid: string): AdmissionResponse {
  return { uid, allowed: true };
}

/** Refused with a human message; `code` 403 for policy denials, 400 for an unreadable object. */
export function deny(uid: string, message: string, code = 403): AdmissionResponse {
  return {
    uid,
    allowed: false,
    status: { code, message, reason: code === 403 ? 'Forbidden' : 'BadRequest' },
  };
}

/** Allowed with kubectl warnings and audit annotations (Audit decisions). */
export function warn(
  uid: string,
  warnings: readonly string[],
  auditAnnotations: Readonly<Record<string, string>> = {},
): AdmissionResponse {
  return {
    uid,
    allowed: true,
    ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
    ...(Object.keys(auditAnnotations).length > 0
      ? { auditAnnotations: { ...auditAnnotations } }
      : {}),
  };
}
