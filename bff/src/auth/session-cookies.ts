/** Setting and clearing the session and CSRF cookies, the same for password and single sign-on. */
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../lib/app-env.js';
import { arrivedOverTls } from '../lib/client-address.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './cookies.js';

export function cookiesSecure(c: Context<AppEnv>): boolean {
  return c.get('deps').config.secureCookies || arrivedOverTls(c);
}

export function setSessionCookies(
  c: Context<AppEnv>,
  s: { sessionId: string; csrfToken: string },
): void {
  const secure = cookiesSecure(c);
  const maxAge = Math.floor(c.get('deps').config.sessionTtlMs / 1000);
  const base = { sameSite: 'Lax', path: '/', secure, maxAge } as const;
  setCookie(c, SESSION_COOKIE, s.sessionId, { ...base, httpOnly: true });
  setCookie(c, CSRF_COOKIE, s.csrfToken, { ...base, httpOnly: false });
}

export function clearSessionCookies(c: Context<AppEnv>): void {
  const secure = cookiesSecure(c);
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
  deleteCookie(c, CSRF_COOKIE, { path: '/', secure });
}
