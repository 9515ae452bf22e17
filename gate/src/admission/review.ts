/**
 * Transport only (docs/conventions.md#admission-layering): decodes an `admission.k8s.io/v1` AdmissionReview and builds the
 * responses. Every builder echoes the request's `uid`, as the API server requires. Decoding checks
 * the raw bytes first (UTF-8, nesting depth), then the envelope with a hand-written check that
 * accepts exactly what the shared schema accepts; the schema itself runs only to word a refusal.
 */
import { isUtf8 } from 'node:buffer';
import {
  AdmissionReviewRequestSchema,
  fieldErrorsFromZod,
  type FieldError,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReviewResponse,
} from '@gated/shared';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import { isAdmissionReviewRequest, isRecord } from './review-shape.js';

/** The request, or why the body is not an AdmissionReview (the route answers 400, never a crash). */
export type Decoded =
  { ok: true; request: AdmissionRequest } | { ok: false; error: string; errors?: FieldError[] };

/** Decodes the raw body bytes: refuses non-UTF-8 and over-deep JSON before parsing anything. */
export function decodeReviewBody(body: Buffer): Decoded {
  if (!isUtf8(body)) return { ok: false, error: 'The body is not UTF-8 JSON' };
  if (nestsDeeperThan(body, MAX_JSON_DEPTH))
    return { ok: false, error: `The body nests deeper than ${MAX_JSON_DEPTH} levels` };
  return decodeReview(body.toString('utf8'));
}

/** Parses the raw body text. */
export function decodeReview(body: string): Decoded {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, error: 'The body is not JSON' };
  }
  if (isAdmissionReviewRequest(raw)) return { ok: true, request: raw.request };
  // The hand check refused it (and accepts exactly what the schema does); the schema only words why.
  const groups = groupsOf(raw);
  const cut = groups !== undefined && groups.list.length > MAX_WORDED_GROUPS;
  // `raw` is this call's own parse: cut in place, the whole groups kept aside.
  if (cut) groups.holder.groups = groups.list.slice(0, MAX_WORDED_GROUPS);
  const parsed = AdmissionReviewRequestSchema.safeParse(raw);
  if (!parsed.success) return refusal(fieldErrorsFromZod(parsed.error));
  // What the schema saw was clean: the fault is in the part of `groups` it did not see.
  if (cut) return refusal([firstBadGroup(groups.list)]);
  return { ok: true, request: parsed.data.request };
}

function refusal(errors: FieldError[]): Decoded {
  const first = errors[0];
  const where = first ? `${first.path || '(root)'}: ${first.message}` : 'unknown';
  return {
    ok: false,
    error: `Not an admission.k8s.io/v1 AdmissionReview request (${where})`,
    errors,
  };
}

/**
 * Zod words one issue per bad element of `request.userInfo.groups`, the envelope's one array of
 * any length: over a 2.8 MB body of 1.4 million numbers it held the event loop 4.7 s and answered
 * 143 MB. The wording pass sees the first MAX_WORDED_GROUPS elements.
 */
const MAX_WORDED_GROUPS = 20;

/** `request.userInfo.groups` when it is an array, with the object holding it. */
function groupsOf(raw: unknown): { list: unknown[]; holder: Record<string, unknown> } | undefined {
  const request = isRecord(raw) ? raw.request : undefined;
  const userInfo = isRecord(request) ? request.userInfo : undefined;
  if (!isRecord(userInfo) || !Array.isArray(userInfo.groups)) return undefined;
  return { list: userInfo.groups as unknown[], holder: userInfo };
}

/** The first element of `groups` that is not a string, worded as the schema words one. */
function firstBadGroup(groups: readonly unknown[]): FieldError {
  const at = groups.findIndex((g) => typeof g !== 'string');
  if (at < 0) return { path: 'request', message: 'Invalid AdmissionReview request' };
  const bad: unknown = groups[at];
  const received = bad === null ? 'null' : Array.isArray(bad) ? 'array' : typeof bad;
  return {
    path: `request.userInfo.groups.${at}`,
    message: `Invalid input: expected string, received ${received}`,
  };
}

/** Wraps a response in the review envelope. */
export function encodeReview(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

const ENVELOPE_HEAD = '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":';
const ALLOWED_HEAD = `${ENVELOPE_HEAD}{"uid":`;
const ALLOWED_TAIL = ',"allowed":true}}';

/** True when `r` is exactly `allow(uid)`: only its two properties, in that order. */
function isPlainAllow(r: AdmissionResponse): boolean {
  if (r.allowed !== true) return false;
  let n = 0;
  for (const key in r) if (++n > 2 || (n === 1 ? key !== 'uid' : key !== 'allowed')) return false;
  return n === 2;
}

/**
 * The JSON text of `encodeReview(response)`, byte for byte: most answers are a plain allow, written
 * from fixed fragments around the escaped uid; anything else through JSON.stringify.
 */
export function reviewText(response: AdmissionResponse): string {
  if (isPlainAllow(response)) return ALLOWED_HEAD + JSON.stringify(response.uid) + ALLOWED_TAIL;
  return `${ENVELOPE_HEAD}${JSON.stringify(response)}}`;
}

/** Allowed, nothing to say. */
export function allow(uid: string): AdmissionResponse {
  return { uid, allowed: true };
}

/**
 * Refused with a human message; `code` 403 for policy denials, 400 for an unreadable object; audit
 * annotations only when there are some.
 */
export function deny(
  uid: string,
  message: string,
  code = 403,
  auditAnnotations: Readonly<Record<string, string>> = {},
): AdmissionResponse {
  const response: AdmissionResponse = {
    uid,
    allowed: false,
    status: { code, message, reason: code === 403 ? 'Forbidden' : 'BadRequest' },
  };
  if (Object.keys(auditAnnotations).length > 0) response.auditAnnotations = auditAnnotations;
  return response;
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
