/**
 * Who is calling: a personal API token (`Authorization: Bearer gdp_…`) or the session cookie.
 * Cookie-authenticated writes must echo the session's CSRF token in `X-CSRF-Token` (double-submit:
 * the same value is in the readable `gated_csrf` cookie), Bearer calls need none but are held to
 * their token's scopes (auth/token-scopes.ts).
 */
import { AuthenticationError, NotAllowedError } from '@gated/shared';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { timingSafeEqual } from 'node:crypto';
import type { AppEnv } from '../lib/app-env.js';
import { findSession, useApiToken } from '../store/auth.repo.js';
import { CSRF_HEADER, SESSION_COOKIE } from './cookies.js';
import { hashSecret, isSecretOf } from './secrets.js';
import { enforceTokenScope } from './token-scopes.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Requires a signed-in user (401 otherwise) and a valid CSRF header on cookie-authenticated writes (403). */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db } = c.get('deps');
  const authz = c.req.header('authorization');
  if (authz) {
    const [scheme, secret] = authz.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !secret || !isSecretOf('api', secret))
      throw new AuthenticationError('Use a personal API token: Authorization: Bearer gdp_…');
    const user = await useApiToken(db, hashSecret(secret));
    if (!user) throw new AuthenticationError('The API token is unknown, revoked or expired');
    c.set('user', { ...user, authMethod: 'token', csrfToken: null });
    enforceTokenScope(c.req.method, c.req.path.replace(/^\/api\/v1/, ''), user.scopes);
    return next();
  }
  const sessionId = getCookie(c, SESSION_COOKIE);
  if (!sessionId) throw new AuthenticationError();
  const session = await findSession(db, hashSecret(sessionId));
  if (!session) throw new AuthenticationError('Your session has expired; sign in again');
  if (!SAFE_METHODS.has(c.req.method)) {
    const sent = c.req.header(CSRF_HEADER) ?? '';
    if (!sameSecret(sent, session.csrfToken))
      throw new NotAllowedError(`Missing or wrong ${CSRF_HEADER} header; reload the page`);
  }
  c.set('user', {
    username: session.username,
    role: session.role,
    authMethod: 'session',
    csrfToken: session.csrfToken,
    scopes: null,
  });
  return next();
};
