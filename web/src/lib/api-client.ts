// The one HTTP client of the portal (docs/conventions.md#web-error-handling): JSON in and out under
// /api/v1, the CSRF token on cookie-authenticated writes, answers parsed with the shared schemas,
// and every failure turned into an ApiError parsed from problem+json. It never toasts or redirects:
// that is the job of the QueryCache callbacks and the router.
import { type FieldError, ProblemSchema } from '@gated/shared';
import type { ZodType } from 'zod';

export const API_PREFIX = '/api/v1';

/** A failed API call: HTTP status, the problem's stable `code`, its message and field errors. */
export class ApiError extends Error {
  status: number;
  code: string;
  errors: FieldError[];
  /** The problem's request id, to quote in a support ticket. */
  requestId: string | undefined;
  constructor(
    status: number,
    code: string,
    message: string,
    errors: FieldError[] = [],
    requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.requestId = requestId;
  }
}

/** True for an ApiError with one of the given statuses. */
export function isApiError(error: unknown, ...statuses: number[]): error is ApiError {
  return error instanceof ApiError && (statuses.length === 0 || statuses.includes(error.status));
}

let csrfToken: string | null = null;

/** Remembers the CSRF token of the session (from /me or the sign-in answer); kept in memory only. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
/** Forgets the CSRF token (sign-out, tests). */
export function resetCsrfToken(): void {
  csrfToken = null;
}

export interface ApiFetchOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Serialized as JSON unless it is already a string (then sent as is, e.g. YAML). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Parses the answer; without it the JSON is returned unchecked. */
  schema?: ZodType<T>;
  signal?: AbortSignal;
}

const FALLBACK_MESSAGES: Record<number, string> = {
  0: 'The server could not be reached. Check your connection and try again.',
  401: 'Your session has ended. Sign in again.',
  403: 'Your role does not allow this. Ask a Security Admin.',
  404: 'Not found. It may have been deleted; reload the page.',
  409: 'This conflicts with the current state. Reload and try again.',
  412: 'Changed by someone else. Reload to see the latest version.',
  500: 'The server failed. Try again; if it keeps failing, contact your administrator.',
  502: 'The server is not reachable right now. Try again in a moment.',
  503: 'The server is temporarily unavailable. Try again in a moment.',
};

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const problem = ProblemSchema.safeParse(JSON.parse(text));
    if (problem.success) {
      const p = problem.data;
      return new ApiError(p.status, p.code, p.detail ?? p.title, p.errors ?? [], p.requestId);
    }
  } catch {
    // not JSON: fall through to the synthetic problem
  }
  const message =
    FALLBACK_MESSAGES[response.status] ??
    `The request failed (HTTP ${response.status}). Try again.`;
  return new ApiError(response.status, `HTTP_${response.status}`, message);
}

/**
 * The `fetch` of the portal, for `apiFetch` and the typed client (web/src/api/client.ts): JSON
 * accepted, the CSRF token on writes, the session cookie, and every failure thrown as an ApiError.
 */
export async function portalFetch(
  input: RequestInfo | URL,
  init: RequestInit = {},
): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  if (typeof init.body === 'string' && !headers.has('Content-Type'))
    headers.set('Content-Type', 'text/plain');
  if (method !== 'GET' && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  let response: Response;
  try {
    response = await fetch(input, { ...init, method, headers, credentials: 'same-origin' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', FALLBACK_MESSAGES[0] ?? 'Network error');
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

function send(path: string, opts: ApiFetchOptions<unknown>): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.body !== undefined) {
    if (typeof opts.body === 'string') {
      body = opts.body;
    } else {
      body = JSON.stringify(opts.body);
      headers['Content-Type'] ??= 'application/json';
    }
  }
  return portalFetch(`${API_PREFIX}${path}`, {
    method: opts.method ?? 'GET',
    headers,
    body,
    signal: opts.signal,
  });
}

/** Reads an answer: undefined for 204 or an empty body, else the JSON parsed with `schema`. */
export async function readBody<T>(response: Response, schema: ZodType<T> | undefined): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (text === '') return undefined as T;
  const json: unknown = JSON.parse(text);
  if (!schema) return json as T;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      'UNEXPECTED_RESPONSE',
      'The server answered in an unexpected shape. Reload the page; if it persists, the portal and server versions may differ.',
    );
  }
  return parsed.data;
}

/** Calls `/api/v1${path}`; resolves with the parsed answer (undefined for 204), rejects with ApiError. */
export async function apiFetch<T>(path: string, opts: ApiFetchOptions<T> = {}): Promise<T> {
  const response = await send(path, opts);
  return readBody(response, opts.schema);
}

/** GET with the answer's ETag, for `If-Match` flows (rules). */
export async function getEtagged<T>(
  path: string,
  schema: ZodType<T>,
  signal?: AbortSignal,
): Promise<{ data: T; etag: string | null }> {
  const response = await send(path, { signal });
  const etag = response.headers.get('ETag');
  return { data: await readBody(response, schema), etag };
}

/** Builds a query string from defined, non-empty values (arrays joined by commas). */
export function toSearch(
  params: Record<string, string | number | boolean | readonly string[] | undefined | null>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else {
      search.set(key, String(value));
    }
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
