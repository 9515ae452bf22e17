/**
 * Which scope each API route needs from a personal API token, in one place (like roles.ts) so no
 * route can forget it; sessions are not held to scopes, only to their role. Token management is
 * for sessions only: a token that could mint tokens could outlive its own revocation.
 * The OpenAPI document takes each operation's bearer scope from here (app.ts), and a test walks
 * every route of that document (token-scopes.test.ts).
 */
import { NotAllowedError, type ApiTokenScope } from '@gated/shared';

/** 'session' = no token may call it; null = any valid token (who am I, sign out). */
export type RouteRequirement = ApiTokenScope | 'session' | null;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FINDINGS_UPLOAD = [/^\/findings$/, /^\/findings\/refresh$/];
const GATE_SETUP = [
  /^\/clusters$/,
  /^\/clusters\/[^/]+$/,
  /^\/clusters\/[^/]+\/security-gating$/,
  /^\/environments\/[^/]+\/security-gating$/,
];

/** The requirement of `method path` (path relative to /api/v1, concrete or an OpenAPI template). */
export function requiredScope(method: string, path: string): RouteRequirement {
  const m = method.toUpperCase();
  if (path === '/me' && READ_METHODS.has(m)) return null;
  if (path === '/auth/logout') return null;
  if (READ_METHODS.has(m)) return 'read';
  if (path === '/tokens' || path.startsWith('/tokens/')) return 'session';
  if (FINDINGS_UPLOAD.some((re) => re.test(path))) return 'findings:upload';
  if (GATE_SETUP.some((re) => re.test(path))) return 'gate';
  return 'write';
}

/** Throws 403 when a token with `scopes` may not call `method path`. */
export function enforceTokenScope(method: string, path: string, scopes: ApiTokenScope[]): void {
  const needed = requiredScope(method, path);
  if (needed === null) return;
  if (needed === 'session')
    throw new NotAllowedError(
      'API tokens cannot create or revoke tokens; sign in to the portal to manage tokens',
    );
  if (!scopes.includes(needed))
    throw new NotAllowedError(`This API token lacks the "${needed}" scope`);
}
