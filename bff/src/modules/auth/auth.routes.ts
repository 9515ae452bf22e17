/** /auth/login, /auth/logout, /me. */
import { createRoute } from '@hono/zod-openapi';
import { AuthenticationError, LoginInputSchema, MeSchema } from '@gated/shared';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../auth/cookies.js';
import { arrivedOverTls, clientAddress } from '../../lib/client-address.js';
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
  responses: { 204: { description: 'Signed out' }, ...commonProblems },
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
    const secure = deps.config.secureCookies || arrivedOverTls(c);
    const maxAge = Math.floor(deps.config.sessionTtlMs / 1000);
    setCookie(c, SESSION_COOKIE, s.sessionId, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure,
      maxAge,
    });
    setCookie(c, CSRF_COOKIE, s.csrfToken, {
      httpOnly: false,
      sameSite: 'Lax',
      path: '/',
      secure,
      maxAge,
    });
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
    await signOut(c.get('deps'), getCookie(c, SESSION_COOKIE));
    const secure = c.get('deps').config.secureCookies || arrivedOverTls(c);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
    deleteCookie(c, CSRF_COOKIE, { path: '/', secure });
    return c.body(null, 204);
  })
  .openapi(me, (c) => {
    const u = c.get('user');
    return c.json(
      { username: u.username, role: u.role, authMethod: u.authMethod, csrfToken: u.csrfToken },
      200,
    );
  });
