import type { ApiToken, CreatedApiTokenSchema, Me } from '@gated/shared';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { Caller } from '../../testing/test-bff.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();
type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;

describe.each(kinds)('auth on %s', (kind) => {
  const s = useSuite(kind);

  it('answers 401 problem+json without credentials', async () => {
    const res = await s.t.request('/api/v1/rules');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses a wrong password with 401 and sets an HttpOnly SameSite session cookie on success', async () => {
    const bad = await s.t.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'nope' }),
    });
    expect(bad.status).toBe(401);
    const ok = await s.t.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('gated_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('tells who is signed in, with the role and a CSRF token', async () => {
    const me = await s.reader.json<Me>('GET', '/me');
    expect(me).toMatchObject({ username: 'reader', role: 'SecurityReader', authMethod: 'session' });
    expect(me.csrfToken).toBeTruthy();
  });

  it('refuses a cookie-authenticated write without the CSRF header', async () => {
    const noCsrf = new Caller(s.t, { cookie: s.admin.headers.cookie ?? '' });
    const res = await noCsrf.req('POST', '/tokens', { name: 'x', scopes: ['read'] });
    expect(res.status).toBe(403);
    const wrong = new Caller(s.t, {
      cookie: s.admin.headers.cookie ?? '',
      'x-csrf-token': 'wrong',
    });
    expect((await wrong.req('POST', '/tokens', { name: 'x', scopes: ['read'] })).status).toBe(403);
  });

  it('creates, uses, lists and revokes personal API tokens (Bearer needs no CSRF)', async () => {
    const created = await s.admin.json<CreatedApiToken>(
      'POST',
      '/tokens',
      { name: 'ci', scopes: ['read', 'write'] },
      201,
    );
    expect(created.token).toMatch(/^gdp_/);
    const bearer = Caller.bearer(s.t, created.token);
    const me = await bearer.json<Me>('GET', '/me');
    expect(me).toMatchObject({ username: 'admin', authMethod: 'token', csrfToken: null });
    await bearer.json(
      'POST',
      '/environments',
      { cloud: 'AWS', accountId: '210987654321', name: 'via token' },
      201,
    );
    const list = await s.admin.json<{ items: ApiToken[] }>('GET', '/tokens');
    expect(list.items.map((t) => t.id)).toContain(created.apiToken.id);
    expect(JSON.stringify(list)).not.toContain(created.token);
    expect((await s.admin.req('DELETE', `/tokens/${created.apiToken.id}`)).status).toBe(204);
    expect((await bearer.req('GET', '/me')).status).toBe(401);
  });

  it('lets a reader manage its own tokens and sign out', async () => {
    const created = await s.reader.json<CreatedApiToken>(
      'POST',
      '/tokens',
      { name: 'mine', scopes: ['read'] },
      201,
    );
    expect((await s.reader.req('DELETE', `/tokens/${created.apiToken.id}`)).status).toBe(204);
    const other = await Caller.signIn(s.t, 'reader', 'reader-password-1');
    expect((await other.req('POST', '/auth/logout')).status).toBe(204);
    expect((await other.req('GET', '/me')).status).toBe(401);
  });
});
