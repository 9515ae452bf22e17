/**
 * The OpenID provider the single sign-on spec signs in at: `oidc-provider` on a loopback port, its
 * development login form (any password), consent implied for the portal, and three people whose
 * `groups` claim the spec's BFF maps (alice → sec-admins, rita → sec-readers, bob → developers only).
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { freePort } from './free-port.js';

const PEOPLE: Record<string, string[]> = {
  alice: ['sec-admins'],
  rita: ['sec-readers'],
  bob: ['developers'],
};

export interface RunningProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

/** Starts the provider for a portal at `portalUrl` (its callback and post-logout page are registered). */
export async function startOidcProvider(portalUrl: string): Promise<RunningProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'gated-portal-e2e';
  const clientSecret = randomBytes(24).toString('base64url');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${portalUrl}/api/v1/auth/oidc/callback`],
        post_logout_redirect_uris: [`${portalUrl}/sign-in`],
      },
    ],
    cookies: { keys: [randomBytes(24).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['preferred_username'], groups: ['groups'] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, preferred_username: sub, groups: PEOPLE[sub] ?? [] }),
    }),
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      const id = ctx.oidc.client?.clientId;
      if (!accountId || !id) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: id, accountId });
      grant.addOIDCScope('openid profile groups');
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
