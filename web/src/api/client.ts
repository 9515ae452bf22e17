// The typed client of the portal (docs/decisions/140-portal-data-layer.md): `hc<AppType>` over the
// BFF's own route types, so a renamed or reshaped route fails `tsc` here instead of at runtime.
// Only the type crosses the package boundary; requests go through `portalFetch` (CSRF, cookie,
// problem+json → ApiError) and answers are still parsed with the shared zod schemas.
import type { AppType } from '@gated/bff/client';
import { hc } from 'hono/client';
import type { ZodType } from 'zod';
import { portalFetch, readBody } from '@/lib/api-client';

/** `/api/v1`, typed: `api.rules[':id'].$get({ param: { id } })`. */
export const api = hc<AppType>('/', { fetch: portalFetch }).api.v1;

/** `{ init: { signal } }`: a query's abort signal, as the client's request option. */
export const withSignal = (signal: AbortSignal | undefined) => ({ init: { signal } });

/** A path parameter as the URL carries it (the client inserts params as given). */
export const seg = (value: string) => encodeURIComponent(value);

/**
 * Sends a file as published (a KEV JSON, an EPSS CSV) to a typed route's `$path()`: the client's
 * `json` argument would re-serialize it, and the server must see the bytes the user chose.
 */
export function sendText(
  path: string,
  method: 'POST' | 'PUT',
  text: string,
  contentType: string,
): Promise<Response> {
  return portalFetch(path, { method, body: text, headers: { 'Content-Type': contentType } });
}

/** Awaits a typed call and parses its answer with the shared schema. */
export async function parse<T>(call: Promise<Response>, schema: ZodType<T>): Promise<T> {
  return readBody(await call, schema);
}

/** Awaits a typed call that answers 204 (or any body the portal does not read). */
export async function noContent(call: Promise<Response>): Promise<void> {
  await call;
}

/** Parses the answer and keeps its ETag, for `If-Match` flows. */
export async function parseEtagged<T>(
  call: Promise<Response>,
  schema: ZodType<T>,
): Promise<{ data: T; etag: string | null }> {
  const response = await call;
  return { data: await readBody(response, schema), etag: response.headers.get('ETag') };
}

/** `{ a: 'x', b: undefined }` → `{ a: 'x' }`: the query the client sends, with blanks left out. */
export function definedQuery(
  params: Record<string, string | number | boolean | readonly string[] | undefined | null>,
): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) query[key] = value.join(',');
    } else query[key] = String(value);
  }
  return query;
}
