/**
 * Public single sign-on routes: the sign-in options the page shows, the start of the
 * authorization-code flow and the provider's return. Failures come back to the sign-in page as
 * `/sign-in?sso=<outcome>` (a browser navigation, so no problem body); the reason goes to the log.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError, SignInOptionsSchema } from '@gated/shared';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../../lib/app-env.js';
import { createRouter } from '../../lib/create-app.js';
import { jsonAnswer, notFoundProblem } from '../../lib/openapi.js';
import { isOidcUser } from '../../store/oidc.repo.js';
import { cookiesSecure, setSessionCookies } from '../session-cookies.js';
import { beginSignIn, finishSignIn } from './oidc-sign-in.js';

const STATE_COOKIE = 'gated_oidc_state';
const STATE_PATH = '/api/v1/auth/oidc';
const SIGN_IN_PAGE = '/sign-in';
const param = z.string().max(4096).optional();

const options = createRoute({
  method: 'get',
  path: '/auth/providers',
  tags: ['auth'],
  summary: 'How the sign-in page may sign people in (public)',
  responses: { 200: jsonAnswer(SignInOptionsSchema, 'Password and single sign-on options') },
});

const login = createRoute({
  method: 'get',
  path: '/auth/oidc/login',
  tags: ['auth'],
  summary: 'Start single sign-on: redirects to the OpenID provider (public)',
  request: { query: z.object({ from: param }) },
  responses: {
    302: { description: 'To the provider, or back to the sign-in page when it is unreachable' },
    ...notFoundProblem,
  },
});

const callback = createRoute({
  method: 'get',
  path: '/auth/oidc/callback',
  tags: ['auth'],
  summary: "The provider's redirect back: signs in, or returns to the sign-in page (public)",
  request: { query: z.object({ code: param, state: param, error: param, iss: param }) },
  responses: {
    302: { description: 'Signed in (to the portal) or refused (to /sign-in?sso=<outcome>)' },
    ...notFoundProblem,
  },
});

function clientOf(deps: AppDeps) {
  if (!deps.oidc) throw new NotFoundError('Single sign-on is not configured');
  return deps.oidc;
}

/** Where logout sends a single sign-on user next; null for others or without end_session_endpoint. */
export async function providerLogoutUrl(deps: AppDeps, username: string): Promise<string | null> {
  if (!deps.oidc || !(await isOidcUser(deps.db, username))) return null;
  return deps.oidc.endSessionUrl();
}

export const oidcRoutes = createRouter()
  .openapi(options, (c) => {
    const { oidc, config } = c.get('deps');
    return c.json(
      {
        password: config.builtinAccounts,
        oidc: oidc ? { name: oidc.config.providerName, loginUrl: '/api/v1/auth/oidc/login' } : null,
      },
      200,
    );
  })
  .openapi(login, async (c) => {
    const deps = c.get('deps');
    const client = clientOf(deps);
    const started = await beginSignIn(deps, client, c.req.valid('query').from).catch(
      (e: unknown) => {
        deps.log.warn({ err: e }, 'single sign-on: the provider is unavailable');
        return undefined;
      },
    );
    if (!started) return c.redirect(`${SIGN_IN_PAGE}?sso=unavailable`, 302);
    setCookie(c, STATE_COOKIE, started.state, {
      httpOnly: true,
      // Lax: the provider's redirect back is a top-level GET navigation, which still carries it.
      sameSite: 'Lax',
      path: STATE_PATH,
      secure: cookiesSecure(c),
      maxAge: 600,
    });
    return c.redirect(started.redirectTo, 302);
  })
  .openapi(callback, async (c) => {
    const deps = c.get('deps');
    const client = clientOf(deps);
    const query = c.req.valid('query');
    const cookieState = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, { path: STATE_PATH, secure: cookiesSecure(c) });
    // RFC 9207: a provider that names itself must be the one we sent the user to.
    const result =
      query.iss !== undefined && query.iss !== client.config.issuer
        ? { outcome: 'failed' as const, reason: `iss ${query.iss} is not the issuer` }
        : await finishSignIn(deps, client, query, cookieState);
    if (result.outcome !== 'signed-in') {
      deps.log.warn({ outcome: result.outcome, reason: result.reason }, 'single sign-on refused');
      return c.redirect(`${SIGN_IN_PAGE}?sso=${result.outcome}`, 302);
    }
    setSessionCookies(c, result.session);
    return c.redirect(result.returnTo, 302);
  });
