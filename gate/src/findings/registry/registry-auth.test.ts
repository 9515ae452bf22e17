import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticCredentials } from './auth/credentials.js';
import { PullSecretCredentials } from './auth/docker-config.js';
import { OciClient } from './oci-client.js';
import { RegistryFindingsSource } from './registry-findings-source.js';
import { startDockerRegistry, type RunningRegistry } from './testing/docker-registry.js';
import { OciPusher, type PushedDescriptor } from './testing/oci-pusher.js';
import { startTokenServer, type TokenServer } from './testing/token-server.js';

const USER = 'ci-bot';
const PASS = 's3cret-pass';
// bcrypt is the only hash distribution's htpasswd accepts; made once with `htpasswd -Bbn -C 5 ci-bot s3cret-pass`
// and kept here so the suite needs no apache2-utils (.ci/run installs only docker-registry).
const HTPASSWD = 'ci-bot:$2y$05$JodLq8tlx1QfZXgEI8FVfepRjOPStfg64aqMImzkfAEHSdVKk1QIK\n';

describe('basic auth (htpasswd)', { timeout: 30_000 }, () => {
  let registry: RunningRegistry;
  let image: PushedDescriptor;
  beforeAll(async () => {
    registry = await startDockerRegistry({ kind: 'htpasswd', htpasswd: HTPASSWD });
    const basic = `Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`;
    image = await new OciPusher(registry.host, () => Promise.resolve(basic)).image(
      'team/app',
      'v1',
    );
  }, 30_000);
  afterAll(async () => registry.stop());

  it('is refused without credentials, with a clear error', async () => {
    const client = new OciClient({ insecureRegistries: [registry.host] });
    await expect(client.resolveTag(registry.host, 'team/app', 'v1')).rejects.toThrow(
      /authentication required/,
    );
  });

  it('answers the Basic challenge with static credentials', async () => {
    const client = new OciClient({
      insecureRegistries: [registry.host],
      credentials: [
        new StaticCredentials({
          [registry.host]: { kind: 'basic', username: USER, password: PASS },
        }),
      ],
    });
    expect(await client.resolveTag(registry.host, 'team/app', 'v1')).toBe(image.digest);
  });

  it("uses the pod's imagePullSecrets (dockerconfigjson) when handed in", async () => {
    const secret = JSON.stringify({
      auths: { [registry.host]: { auth: Buffer.from(`${USER}:${PASS}`).toString('base64') } },
    });
    const client = new OciClient({
      insecureRegistries: [registry.host],
      credentials: [new PullSecretCredentials([secret])],
    });
    expect(await client.resolveTag(registry.host, 'team/app', 'v1')).toBe(image.digest);
  });

  it('the findings source uses pull secrets handed in with one lookup, and only for that lookup', async () => {
    const source = new RegistryFindingsSource({ insecureRegistries: [registry.host] });
    const secret = {
      auths: { [`https://${registry.host}/v1/`]: { username: USER, password: PASS } },
    };
    const tags = [{ normalized: `${registry.host}/team/app:v1`, registry: registry.host }];
    const answer = await source.lookup(
      { tags, digests: [], pullSecrets: [secret] },
      AbortSignal.timeout(10_000),
    );
    expect(answer.digests.get(`${registry.host}/team/app:v1`)).toBe(image.digest);
    expect(answer.reports.get(image.digest)).toBeNull();
    const other = new RegistryFindingsSource({ insecureRegistries: [registry.host] });
    await expect(other.lookup({ tags, digests: [] }, AbortSignal.timeout(10_000))).rejects.toThrow(
      /authentication required/,
    );
  });

  it('reports refused credentials as such', async () => {
    const client = new OciClient({
      insecureRegistries: [registry.host],
      credentials: [
        new StaticCredentials({
          [registry.host]: { kind: 'basic', username: USER, password: 'wrong' },
        }),
      ],
    });
    await expect(client.resolveTag(registry.host, 'team/app', 'v1')).rejects.toThrow(/refused/);
  });
});

describe('token auth (auth.token with a local token server)', { timeout: 30_000 }, () => {
  let tokens: TokenServer;
  let registry: RunningRegistry;
  let image: PushedDescriptor;
  const realmHost = () => new URL(tokens.realm).host;
  beforeAll(async () => {
    tokens = await startTokenServer({
      username: USER,
      password: PASS,
      refreshToken: 'acr-style-refresh-token',
    });
    registry = await startDockerRegistry({
      kind: 'token',
      realm: tokens.realm,
      service: tokens.service,
      issuer: tokens.issuer,
      rootCertPem: tokens.rootCertPem,
    });
    image = await new OciPusher(registry.host, (repo) =>
      Promise.resolve(`Bearer ${tokens.issue(repo, ['pull', 'push'])}`),
    ).image('team/app', 'v1');
  }, 30_000);
  afterAll(async () => {
    await registry.stop();
    await tokens.stop();
  });

  it('follows the Bearer challenge to the realm with Basic credentials and caches the token per scope', async () => {
    const client = new OciClient({
      insecureRegistries: [registry.host],
      // The token realm is a loopback server too: allowed explicitly, like an operator would.
      allowedPrivateRegistries: [realmHost()],
      credentials: [
        new StaticCredentials({
          [registry.host]: { kind: 'basic', username: USER, password: PASS },
        }),
      ],
    });
    const before = tokens.grants.basic;
    expect(await client.resolveTag(registry.host, 'team/app', 'v1')).toBe(image.digest);
    expect(await client.resolveTag(registry.host, 'team/app', 'v1')).toBe(image.digest);
    expect(tokens.grants.basic - before).toBe(1);
  });

  it('exchanges a refresh token (Docker identitytoken / ACR) with an OAuth2 POST', async () => {
    const secret = { auths: { [registry.host]: { identitytoken: 'acr-style-refresh-token' } } };
    const client = new OciClient({
      insecureRegistries: [registry.host],
      // The token realm is a loopback server too: allowed explicitly, like an operator would.
      allowedPrivateRegistries: [realmHost()],
      credentials: [new PullSecretCredentials([secret])],
    });
    expect(await client.resolveTag(registry.host, 'team/app', 'v1')).toBe(image.digest);
    expect(tokens.grants.refresh).toBeGreaterThanOrEqual(1);
  });

  it('an anonymous token request is refused by this token server', async () => {
    const client = new OciClient({
      insecureRegistries: [registry.host],
      allowedPrivateRegistries: [realmHost()],
    });
    await expect(client.resolveTag(registry.host, 'team/app', 'v1')).rejects.toThrow(
      /token endpoint answered 401/,
    );
  });
});
