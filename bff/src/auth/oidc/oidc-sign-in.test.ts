/**
 * Single sign-on against a real OpenID provider (oidc-provider on loopback), on both stores: roles
 * from groups, refusal without a mapped group, state / nonce / PKCE mismatches refused, logout.
 */
import type { Me, SignInOptions } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcLogins } from '../../store/schema.js';
import {
  signInThrough,
  startTestProvider,
  type TestProvider,
} from '../../testing/oidc-provider.js';
import { ADMIN_PASSWORD, Caller, startTestBff, type TestBff } from '../../testing/test-bff.js';
import { storesUnderTest } from '../../testing/test-stores.js';

const kinds = await storesUnderTest();
const PUBLIC_URL = 'http://portal.test:8080';

function cookiePairs(res: Response): string {
  return res.headers
    .getSetCookie()
    .filter((c) => !/Max-Age=0/i.test(c))
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function begin(t: TestBff, from = '/rules') {
  const res = await t.request(`/api/v1/auth/oidc/login?from=${encodeURIComponent(from)}`);
  expect(res.status).toBe(302);
  return { authorizeUrl: res.headers.get('location') ?? '', cookie: cookiePairs(res) };
}

function callback(t: TestBff, returned: URL, cookie: string) {
  return t.request(`${returned.pathname}${returned.search}`, { headers: { cookie } });
}

/** The whole flow for `login`; answers the callback's response. */
async function signIn(t: TestBff, login: string) {
  const { authorizeUrl, cookie } = await begin(t);
  return callback(t, await signInThrough(authorizeUrl, login), cookie);
}

async function meOf(t: TestBff, res: Response): Promise<Me> {
  const me = await t.request('/api/v1/me', { headers: { cookie: cookiePairs(res) } });
  expect(me.status).toBe(200);
  return (await me.json()) as Me;
}

describe.each(kinds)('single sign-on on %s', (kind) => {
  let provider: TestProvider;
  let t: TestBff;
  beforeAll(async () => {
    provider = await startTestProvider(PUBLIC_URL);
    t = await startTestBff(kind, provider.bffEnv(PUBLIC_URL));
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('offers "Sign in with" the provider next to the password form', async () => {
    const res = await t.request('/api/v1/auth/providers');
    expect(await res.json()).toEqual({
      password: true,
      oidc: { name: 'Test IdP', loginUrl: '/api/v1/auth/oidc/login' },
    } satisfies SignInOptions);
  });

  it('signs a mapped admin in with a session like a password sign-in, back where they were going', async () => {
    const { authorizeUrl } = await begin(t);
    const url = new URL(authorizeUrl);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('nonce')).toBeTruthy();
    const res = await signIn(t, 'alice');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/rules');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('gated_session='))).toMatch(
      /HttpOnly/,
    );
    expect(await meOf(t, res)).toMatchObject({
      username: 'alice',
      role: 'SecurityAdmin',
      authMethod: 'session',
    });
  });

  it('gives a reader group the reader role, held to read-only', async () => {
    const res = await signIn(t, 'rita');
    const me = await meOf(t, res);
    expect(me).toMatchObject({ username: 'rita', role: 'SecurityReader' });
    const caller = new Caller(t, { cookie: cookiePairs(res), 'x-csrf-token': me.csrfToken ?? '' });
    const write = await caller.req('POST', '/environments', {
      cloud: 'AWS',
      accountId: '111122223333',
      name: 'x',
    });
    expect(write.status).toBe(403);
  });

  it('refuses a user without a mapped group: back to sign-in, no session', async () => {
    const res = await signIn(t, 'bob');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/sign-in?sso=refused');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('gated_session='))).toBe(false);
  });

  it('never lets an IdP user named like a built-in account become it', async () => {
    const res = await signIn(t, 'admin');
    expect(res.headers.get('location')).toBe('/sign-in?sso=refused');
    const builtin = await Caller.signIn(t, 'admin', ADMIN_PASSWORD);
    expect(await builtin.json<Me>('GET', '/me')).toMatchObject({ role: 'SecurityAdmin' });
  });

  it('refuses a return whose state is not this browser’s, and a state used twice', async () => {
    const first = await begin(t);
    const second = await begin(t);
    const returned = await signInThrough(first.authorizeUrl, 'alice');
    const crossed = await callback(t, returned, second.cookie);
    expect(crossed.headers.get('location')).toBe('/sign-in?sso=failed');
    const noCookie = await callback(t, returned, '');
    expect(noCookie.headers.get('location')).toBe('/sign-in?sso=failed');
    const ok = await callback(t, returned, first.cookie);
    expect(ok.headers.get('location')).toBe('/rules');
    const replay = await callback(t, returned, first.cookie);
    expect(replay.headers.get('location')).toBe('/sign-in?sso=failed');
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const { authorizeUrl, cookie } = await begin(t);
    await t.bff.deps.db.update(oidcLogins).set({ nonce: 'someone-elses-nonce' });
    const res = await callback(t, await signInThrough(authorizeUrl, 'alice'), cookie);
    expect(res.headers.get('location')).toBe('/sign-in?sso=failed');
  });

  it('refuses when the PKCE verifier does not match the challenge (the provider rejects the code)', async () => {
    const { authorizeUrl, cookie } = await begin(t);
    await t.bff.deps.db.update(oidcLogins).set({ codeVerifier: 'x'.repeat(43) });
    const res = await callback(t, await signInThrough(authorizeUrl, 'alice'), cookie);
    expect(res.headers.get('location')).toBe('/sign-in?sso=failed');
  });

  it('reports a provider error as cancelled and never follows a foreign return path', async () => {
    const { cookie } = await begin(t, '//evil.example/x');
    const state = /gated_oidc_state=([^;]+)/.exec(cookie)?.[1] ?? '';
    const res = await t.request(`/api/v1/auth/oidc/callback?error=access_denied&state=${state}`, {
      headers: { cookie },
    });
    expect(res.headers.get('location')).toBe('/sign-in?sso=cancelled');
    const ok = await signIn(t, 'alice');
    expect(ok.headers.get('location')).not.toContain('evil');
  });

  it('ends the local session on logout and points to the provider’s end-session endpoint', async () => {
    const res = await signIn(t, 'alice');
    const me = await meOf(t, res);
    const caller = new Caller(t, { cookie: cookiePairs(res), 'x-csrf-token': me.csrfToken ?? '' });
    const out = await caller.json<{ endSessionUrl: string }>('POST', '/auth/logout');
    const end = new URL(out.endSessionUrl);
    expect(end.origin).toBe(provider.issuer);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/sign-in`);
    expect((await caller.req('GET', '/me')).status).toBe(401);
  });
});

describe.each(kinds)('built-in accounts turned off on %s', (kind) => {
  let provider: TestProvider;
  let t: TestBff;
  beforeAll(async () => {
    provider = await startTestProvider(PUBLIC_URL);
    t = await startTestBff(kind, {
      ...provider.bffEnv(PUBLIC_URL),
      GATED_BUILTIN_ACCOUNTS: 'off',
    });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('refuses password sign-in, even with the right password, and says so on the sign-in options', async () => {
    const res = await t.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/turned off/);
    const options = (await (await t.request('/api/v1/auth/providers')).json()) as SignInOptions;
    expect(options.password).toBe(false);
    expect((await meOf(t, await signIn(t, 'alice'))).role).toBe('SecurityAdmin');
  });
});
