/**
 * Security headers on every response (docs/decisions/030-security-headers-and-csp.md): a strict
 * CSP (scripts only from this origin, no eval, no framing), nosniff, no referrer, and
 * `Cache-Control: no-store` on the API, whose answers carry secrets (new tokens, gate tokens,
 * sessions) and per-user data no shared cache should keep.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import { arrivedOverTls } from './client-address.js';

/**
 * The portal: Fluent UI's Griffel inserts <style> rules at run time and the page has one inline
 * <style>, hence 'unsafe-inline' for styles only; scripts are the built bundle, same origin.
 */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** API answers are data, never documents: nothing may load from them or frame them. */
export const API_CSP = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Swagger UI at /api/v1/docs: its bundle and init script from here, inline styles, data: images. */
export const DOCS_CSP = PORTAL_CSP;

function cspFor(path: string): string {
  if (path.startsWith('/api/v1/docs')) return DOCS_CSP;
  if (path === '/api' || path.startsWith('/api/')) return API_CSP;
  return PORTAL_CSP;
}

export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const path = c.req.path;
  let headers = c.res.headers;
  try {
    headers.set('x-content-type-options', 'nosniff');
  } catch {
    // Immutable headers (a Response from elsewhere): copy it once.
    c.res = new Response(c.res.body, c.res);
    headers = c.res.headers;
    headers.set('x-content-type-options', 'nosniff');
  }
  headers.set('content-security-policy', cspFor(path));
  headers.set('x-frame-options', 'DENY');
  headers.set('referrer-policy', 'no-referrer');
  headers.set('cross-origin-opener-policy', 'same-origin');
  headers.set('cross-origin-resource-policy', 'same-origin');
  if (arrivedOverTls(c)) headers.set('strict-transport-security', 'max-age=31536000');
  const isApi = path === '/api' || path.startsWith('/api/');
  if (isApi && !headers.has('cache-control')) headers.set('cache-control', 'no-store');
  if (!isApi && headers.get('content-type')?.startsWith('text/html'))
    headers.set('cache-control', 'no-cache');
};
