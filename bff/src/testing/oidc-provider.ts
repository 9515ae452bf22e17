/**
 * A real OpenID provider for the single sign-on tests (the `oidc-provider` package, on a loopback
 * port), with its development login form (any password), consent pre-granted for our client, and
 * accounts whose groups claim the BFF maps: alice → sec-admins, rita → sec-readers, bob → developers.
 * `signInThrough` walks a browser's redirects with a cookie jar.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export const TEST_GROUPS: Record<string, string[]> = {
  alice: ['developers', 'sec-admins'],
  rita: ['sec-readers'],
  bob: ['developers'],
};
export const CLIENT_ID = 'gated-portal';
export const CLIENT_SECRET = 'test-client-secret-0123456789';

export interface TestProvider {
  issuer: string;
  /** The BFF environment for this provider (GATED_PUBLIC_URL is the BFF's base URL). */
  bffEnv(publicUrl: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startTestProvider(publicUrl: string): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${publicUrl}/api/v1/auth/oidc/callback`],
        post_logout_redirect_uris: [`${publicUrl}/sign-in`],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'k1' }] },
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
    claims: { openid: ['sub'], profile: ['preferred_username'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'groups'],
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, preferred_username: id, groups: TEST_GROUPS[id] ?? [] }),
    }),
    // First-party client: consent is implied (the documented way to skip the consent prompt).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope('openid profile groups');
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();
  server.on('request', (req, res) => void handle(req, res));
  return {
    issuer,
    bffEnv: (url) => ({
      GATED_PUBLIC_URL: url,
      GATED_OIDC_ISSUER: issuer,
      GATED_OIDC_CLIENT_ID: CLIENT_ID,
      GATED_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      GATED_OIDC_SCOPES: 'openid profile groups',
      GATED_OIDC_ADMIN_GROUPS: 'sec-admins',
      GATED_OIDC_READER_GROUPS: 'sec-readers,auditors',
      GATED_OIDC_PROVIDER_NAME: 'Test IdP',
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies by name, sent to every host (the provider and the BFF live on 127.0.0.1). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * From the BFF's authorization URL through the provider's login form to the URL the provider sends
 * the browser back to (the BFF callback with code and state).
 */
export async function signInThrough(authorizeUrl: string, login: string): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorizeUrl);
  let init: RequestInit = {};
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(res);
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.origin !== url.origin && next.pathname.endsWith('/api/v1/auth/oidc/callback'))
        return next;
      url = next;
      init = {};
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no login form at ${url.toString()}: ${res.status}`);
    url = new URL(action.replaceAll('&amp;', '&'), url);
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
    };
  }
  throw new Error('too many hops signing in at the provider');
}
