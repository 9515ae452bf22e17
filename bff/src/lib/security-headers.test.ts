/**
 * Security headers on every kind of response, no-store where secrets travel, and the Secure
 * cookie whenever the request arrived over TLS (directly, or per a trusted proxy). Real HTTP.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Environment } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envHelp } from '../env.js';
import { awsEnvironment } from '../testing/fixtures.js';
import { ADMIN_PASSWORD, startTestBff, type TestBff } from '../testing/test-bff.js';
import { storesUnderTest } from '../testing/test-stores.js';
import { useSuite } from '../testing/suite.js';

const kinds = await storesUnderTest();

const webDir = mkdtempSync(path.join(tmpdir(), 'gated-web-'));
mkdirSync(path.join(webDir, 'assets'));
writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Gated portal</title>');
writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1)');

function expectHardened(res: Response, what: string): void {
  const h = Object.fromEntries(res.headers);
  expect({ what, nosniff: h['x-content-type-options'] }).toEqual({ what, nosniff: 'nosniff' });
  expect(h['content-security-policy'], what).toContain("frame-ancestors 'none'");
  expect(h['referrer-policy'], what).toBe('no-referrer');
  expect(h['x-frame-options'], what).toBe('DENY');
}

const login = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });

describe.each(kinds)('security headers on %s', (kind) => {
  const s = useSuite(kind, { GATED_WEB_DIR: webDir });

  it('sets them on the portal, its assets, API answers, problems and the docs', async () => {
    const url = await s.t.listen();
    const cookie = s.admin.headers;
    const answers: [string, Response][] = [
      ['portal page', await fetch(`${url}/rules/1/edit`)],
      ['portal asset', await fetch(`${url}/assets/app.js`)],
      ['api json', await fetch(`${url}/api/v1/rules`, { headers: cookie })],
      ['401 problem', await fetch(`${url}/api/v1/rules`)],
      ['404 problem', await fetch(`${url}/api/v1/nope`, { headers: cookie })],
      ['docs page', await fetch(`${url}/api/v1/docs`)],
      ['docs asset', await fetch(`${url}/api/v1/docs/assets/swagger-ui.css`)],
    ];
    for (const [what, res] of answers) expectHardened(res, what);
  });

  it('serves the portal under a CSP without inline or eval scripts', async () => {
    const res = await fetch(`${await s.t.listen()}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(script).toBe("'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
  });

  it('marks API answers no-store, and above all those that carry secrets', async () => {
    const url = await s.t.listen();
    const signIn = await login(url);
    expect(signIn.headers.get('cache-control')).toBe('no-store');
    const created = await s.admin.req('POST', '/tokens', { name: 'cache', scopes: ['read'] });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const env = await s.admin.json<Environment>('POST', '/environments', awsEnvironment(), 201);
    const cluster = await s.admin.req('POST', '/clusters', { environmentId: env.id, name: 'c' });
    expect(cluster.status).toBe(201);
    expect(cluster.headers.get('cache-control')).toBe('no-store');
    const list = await fetch(`${url}/api/v1/rules`, { headers: s.admin.headers });
    expect(list.headers.get('cache-control')).toBe('no-store');
  });

  it('does not mark the session cookie Secure over plain HTTP, nor for an untrusted X-Forwarded-Proto', async () => {
    const url = await s.t.listen();
    for (const headers of [{}, { 'x-forwarded-proto': 'https' }] as Record<string, string>[]) {
      const res = await login(url, headers);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gated_session='));
      expect(cookie).toBeDefined();
      expect(cookie).not.toMatch(/;\s*Secure/i);
    }
  });
});

describe.each(kinds)('behind a trusted proxy on %s', (kind) => {
  let t: TestBff;
  beforeAll(async () => {
    t = await startTestBff(kind, { GATED_TRUST_PROXY: '127.0.0.1/32' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('marks cookies Secure (and sends HSTS) when the proxy says the request came over TLS', async () => {
    const url = await t.listen();
    const res = await login(url, { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies.length).toBe(2);
    for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const plain = await login(url, { 'x-forwarded-proto': 'http' });
    expect(plain.headers.getSetCookie().some((c) => /;\s*Secure/i.test(c))).toBe(false);
  });
});

describe('GATED_TRUST_PROXY', () => {
  it('is documented in --help and refuses what is not an address', async () => {
    expect(envHelp()).toContain('GATED_TRUST_PROXY');
    await expect(startTestBff('embedded', { GATED_TRUST_PROXY: 'proxy.local' })).rejects.toThrow(
      /GATED_TRUST_PROXY/,
    );
  });
});
