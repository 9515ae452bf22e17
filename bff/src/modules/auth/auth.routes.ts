/** /auth/login, /auth/logout, /me. */
import { createRoute } from '@hono/zod-openapi';
import { AuthenticationError, LoginInputSchema, MeSchema, SignedOutSchema } from '@gated/shared';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../auth/cookies.js';
import { providerLogoutUrl } from '../../auth/oidc/oidc.routes.js';
import { clearSessionCookies, setSessionCookies } from '../../auth/session-cookies.js';
import { clientAddress } from '../../lib/client-address.js';
import { createRouter } from '../../lib/create-app.js';
import {
  SECURITY_USER,
  commonProblems,
  jsonAnswer,
  jsonBody,
  tooManyRequestsProblem,
} from '../../lib/openapi.js';
import { signIn, signOut } from './auth.service.js';

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in with a built-in account; sets the gated_session cookie',
  request: jsonBody(LoginInputSchema),
  responses: {
    200: jsonAnswer(MeSchema, 'Signed in'),
    ...commonProblems,
    ...tooManyRequestsProblem,
  },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'Sign out (ends the session)',
  security: SECURITY_USER,
  responses: {
    200: jsonAnswer(SignedOutSchema, 'Signed out here; continue to the provider to sign out there'),
    204: { description: 'Signed out' },
    ...commonProblems,
  },
});

const me = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'Who am I, with which role',
  security: SECURITY_USER,
  responses: { 200: jsonAnswer(MeSchema, 'The caller'), ...commonProblems },
});

export const authRoutes = createRouter()
  .openapi(login, async (c) => {
    const deps = c.get('deps');
    const s = await signIn(deps, c.req.valid('json'), clientAddress(c)).catch((e: unknown) => {
      if (e instanceof AuthenticationError) deps.metrics.loginFailures.inc();
      throw e;
    });
    setSessionCookies(c, s);
    return c.json(
      {
        username: s.username,
        role: s.role,
        authMethod: 'session' as const,
        csrfToken: s.csrfToken,
      },
      200,
    );
  })
  .openapi(logout, async (c) => {
    const deps = c.get('deps');
    // Asked before the session ends: only single sign-on users go on to the provider's logout.
    const endSessionUrl = await providerLogoutUrl(deps, c.get('user').username);
    await signOut(deps, getCookie(c, SESSION_COOKIE));
    clearSessionCookies(c);
    if (endSessionUrl) return c.json({ endSessionUrl }, 200);
    return c.body(null, 204);
  })
  .openapi(me, (c) => {
    const u = c.get('user');
    return c.json(
      { username: u.username, role: u.role, authMethod: u.authMethod, csrfToken: u.csrfToken },
      200,
    );
  });
