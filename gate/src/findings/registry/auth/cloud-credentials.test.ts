/**
 * The gate's registry credentials as production composes them (registrySourceFromEnv: env.ts
 * variables + the synced policy's securityGating), against docker-registry with token auth and one
 * local HTTP server speaking Entra, ACR's /oauth2/exchange, AWS STS + ECR and the GKE metadata
 * server (clouds a test cannot reach). Before these were switched on, every lookup here got 401.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecurityGatingBlock } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../../env.js';
import { PolicyStore } from '../../../policy/store.js';
import { testPolicy } from '../../../testing/policy-fixtures.js';
import { cloudCredentialConfig, registrySourceFromEnv } from '../../registry-access.js';
import { startDockerRegistry, type RunningRegistry } from '../testing/docker-registry.js';
import { OciPusher, type PushedDescriptor } from '../testing/oci-pusher.js';
import { startTokenServer, type TokenServer } from '../testing/token-server.js';
import { acrLoginServer } from './cloud-credentials.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
/** The service account's own identity (AZURE_CLIENT_ID): Entra knows it, but it has no AcrPull. */
const SA_CLIENT = '11111111-2222-3333-4444-555555555555';
/** The identity identities[] names for the registry: the one with AcrPull. */
const ACR_CLIENT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const FEDERATED = 'eyJhbGciOiJSUzI1NiJ9.federated-sa-token.sig';
const ECR_PASSWORD = 'ecr-password-from-get-authorization-token';
const GOOGLE_TOKEN = 'google-access-token';

const calls: { path: string; clientId?: string | null }[] = [];

async function cloud(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const f = new URLSearchParams(Buffer.concat(chunks).toString());
  const path = (req.url ?? '').split('?')[0] ?? '';
  calls.push({ path, clientId: f.get('client_id') });
  const json = (status: number, body: unknown) =>
    void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (path === `/entra/${TENANT}/oauth2/v2.0/token`) {
    const client = f.get('client_id') ?? '';
    return f.get('client_assertion') === FEDERATED && [SA_CLIENT, ACR_CLIENT].includes(client)
      ? json(200, { token_type: 'Bearer', expires_in: 3599, access_token: `entra-for-${client}` })
      : json(400, { error: 'invalid_client' });
  }
  if (path === '/acr/oauth2/exchange')
    // Only the identity identities[] names holds AcrPull on this registry.
    return f.get('access_token') === `entra-for-${ACR_CLIENT}` && f.get('tenant') === TENANT
      ? json(200, { refresh_token: 'acr-refresh-token' })
      : json(401, { errors: [{ code: 'UNAUTHORIZED' }] });
  if (path === '/aws-sts/') {
    if (
      f.get('WebIdentityToken') !== FEDERATED ||
      f.get('RoleArn') !== 'arn:aws:iam::123456789012:role/gate'
    )
      return void res
        .writeHead(403)
        .end('<ErrorResponse><Error><Message>no</Message></Error></ErrorResponse>');
    return void res
      .writeHead(200, { 'content-type': 'text/xml' })
      .end(
        '<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>session-xyz</SessionToken></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>',
      );
  }
  if (path === '/ecr/') {
    // The signature itself is checked against AWS's vector in sigv4.test.ts and cloud-providers.test.ts.
    const auth = String(req.headers.authorization ?? '');
    return auth.startsWith('AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/') &&
      auth.includes('/us-west-2/ecr/aws4_request') &&
      req.headers['x-amz-security-token'] === 'session-xyz'
      ? json(200, {
          authorizationData: [
            { authorizationToken: Buffer.from(`AWS:${ECR_PASSWORD}`).toString('base64') },
          ],
        })
      : json(403, { __type: 'InvalidSignatureException' });
  }
  if (path === '/computeMetadata/v1/instance/service-accounts/default/token')
    return req.headers['metadata-flavor'] === 'Google'
      ? json(200, { access_token: GOOGLE_TOKEN, expires_in: 3599 })
      : json(403, {});
  if (path === '/gsts/v1/token')
    return f.get('subject_token') === FEDERATED &&
      f.get('audience') ===
        '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/aks'
      ? json(200, { access_token: GOOGLE_TOKEN, expires_in: 3600 })
      : json(400, { error: 'invalid_grant' });
  json(404, {});
}

describe('registry credentials from env.ts and the policy', { timeout: 30_000 }, () => {
  const server = createServer((req, res) => void cloud(req, res));
  let cloudHost = '';
  let dir = '';
  let tokenFile = '';
  let tokens: TokenServer;
  let registry: RunningRegistry;
  let image: PushedDescriptor;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cloudHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'gated-cloud-env-'));
    tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${FEDERATED}\n`);
    tokens = await startTokenServer({
      username: 'AWS',
      password: ECR_PASSWORD,
      refreshToken: 'acr-refresh-token',
      users: { oauth2accesstoken: GOOGLE_TOKEN },
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
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const baseEnv = () => ({
    GATE_REGISTRY_FINDINGS: 'on',
    GATE_INSECURE_REGISTRIES: registry.host,
    GATE_ALLOWED_PRIVATE_REGISTRIES: `${new URL(tokens.realm).host},${cloudHost}`,
  });

  function storeWith(securityGating: Partial<SecurityGatingBlock>): PolicyStore {
    const store = new PolicyStore();
    store.set(
      testPolicy([], {
        securityGating: {
          enabled: true,
          identities: [],
          allowSecretAccess: false,
          ...securityGating,
        },
      }),
      'test',
    );
    return store;
  }

  async function resolve(
    env: Record<string, string>,
    store: PolicyStore,
  ): Promise<string | undefined> {
    const source = registrySourceFromEnv(readEnv(env), store);
    const tag = `${registry.host}/team/app:v1`;
    const answer = await source?.lookup(
      { tags: [{ normalized: tag, registry: registry.host }], digests: [] },
      AbortSignal.timeout(10_000),
    );
    return answer?.digests.get(tag);
  }

  const azureEnv = () => ({
    ...baseEnv(),
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: SA_CLIENT,
    AZURE_FEDERATED_TOKEN_FILE: tokenFile,
    AZURE_AUTHORITY_HOST: `http://${cloudHost}/entra/`,
    GATE_ACR_EXCHANGE_URL: `http://${cloudHost}/acr`,
  });
  const identity = (clientId: string) => ({
    azureContainerRegistry: registry.host,
    identity: {
      resourceId:
        '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/gate',
      clientId,
      objectId: '99999999-8888-7777-6666-555555555555',
    },
  });

  it('ACR: the identity securityGating.identities[] names for the registry, through Entra and /oauth2/exchange', async () => {
    calls.length = 0;
    expect(await resolve(azureEnv(), storeWith({ identities: [identity(ACR_CLIENT)] }))).toBe(
      image.digest,
    );
    expect(calls.find((c) => c.path.startsWith('/entra/'))?.clientId).toBe(ACR_CLIENT);
  });

  it('ACR: a registry identities[] does not list is not an ACR host: no token, the registry refuses', async () => {
    calls.length = 0;
    // Anonymous: the registry's token realm refuses the pull scope.
    await expect(resolve(azureEnv(), storeWith({ identities: [] }))).rejects.toThrow(
      /token endpoint answered 401/,
    );
    expect(calls).toEqual([]);
  });

  it('ACR: an identities[] change applies at once (a client without AcrPull is refused by the exchange)', async () => {
    const store = storeWith({ identities: [identity(ACR_CLIENT)] });
    const source = registrySourceFromEnv(readEnv(azureEnv()), store);
    const tag = `${registry.host}/team/app:v1`;
    const lookup = () =>
      source?.lookup(
        { tags: [{ normalized: tag, registry: registry.host }], digests: [] },
        AbortSignal.timeout(10_000),
      );
    expect((await lookup())?.digests.get(tag)).toBe(image.digest);
    store.set(
      testPolicy([], {
        revision: 'r2',
        securityGating: {
          enabled: true,
          identities: [identity(SA_CLIENT)],
          allowSecretAccess: false,
        },
      }),
      'test',
    );
    calls.length = 0;
    const fresh = registrySourceFromEnv(readEnv(azureEnv()), store);
    await expect(
      fresh?.lookup(
        { tags: [{ normalized: tag, registry: registry.host }], digests: [] },
        AbortSignal.timeout(10_000),
      ),
    ).rejects.toThrow(/acr: \/oauth2\/exchange answered 401|refused|authentication/);
    expect(calls.find((c) => c.path.startsWith('/entra/'))?.clientId).toBe(SA_CLIENT);
  });

  it('ECR: IRSA variables → STS → GetAuthorizationToken → AWS basic credentials', async () => {
    const env = {
      ...baseEnv(),
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/gate',
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_REGION: 'us-west-2',
      AWS_ENDPOINT_URL_STS: `http://${cloudHost}/aws-sts/`,
      AWS_ENDPOINT_URL_ECR: `http://${cloudHost}/ecr/`,
      GATE_ECR_REGISTRIES: registry.host,
    };
    expect(await resolve(env, storeWith({}))).toBe(image.digest);
  });

  it('GAR: metadata mode; the metadata host is allowed for the Google token request only', async () => {
    const env = {
      GATE_REGISTRY_FINDINGS: 'on',
      GATE_INSECURE_REGISTRIES: registry.host,
      // The cloud server is not listed: only GCE_METADATA_HOST makes it reachable, for Google's token.
      GATE_ALLOWED_PRIVATE_REGISTRIES: new URL(tokens.realm).host,
      GATE_GAR_CREDENTIALS: 'metadata',
      GCE_METADATA_HOST: cloudHost,
      GATE_GAR_REGISTRIES: registry.host,
    };
    expect(await resolve(env, storeWith({}))).toBe(image.digest);
  });

  it('GAR: external-account (workload identity federation) from GOOGLE_APPLICATION_CREDENTIALS', async () => {
    const file = join(dir, 'external-account.json');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'external_account',
        audience:
          '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/aks',
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        token_url: `http://${cloudHost}/gsts/v1/token`,
        credential_source: { file: tokenFile },
      }),
    );
    const env = {
      ...baseEnv(),
      GATE_GAR_CREDENTIALS: 'external-account',
      GOOGLE_APPLICATION_CREDENTIALS: file,
      GATE_GAR_REGISTRIES: registry.host,
    };
    expect(await resolve(env, storeWith({}))).toBe(image.digest);
  });

  it('switches a provider on only with all of its variables, and fails fast on a bad Google file', () => {
    expect(cloudCredentialConfig(readEnv({ AZURE_TENANT_ID: TENANT }))).toEqual({});
    expect(cloudCredentialConfig(readEnv({ AWS_ROLE_ARN: 'arn:aws:iam::1:role/x' }))).toEqual({});
    expect(
      Object.keys(
        cloudCredentialConfig(
          readEnv({
            AZURE_TENANT_ID: TENANT,
            AZURE_FEDERATED_TOKEN_FILE: tokenFile,
            GATE_GAR_CREDENTIALS: 'metadata',
          }),
        ),
      ),
    ).toEqual(['azure', 'google']);
    expect(() =>
      cloudCredentialConfig(readEnv({ GATE_GAR_CREDENTIALS: 'external-account' })),
    ).toThrow(/GOOGLE_APPLICATION_CREDENTIALS/);
    writeFileSync(join(dir, 'not-external.json'), JSON.stringify({ type: 'service_account' }));
    expect(() =>
      registrySourceFromEnv(
        readEnv({
          GATE_REGISTRY_FINDINGS: 'on',
          GATE_GAR_CREDENTIALS: 'external-account',
          GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'not-external.json'),
        }),
        storeWith({}),
      ),
    ).toThrow(/not a file-sourced external_account/);
  });

  it('identities[] may name an ACR by name, login server or resource id', () => {
    expect(acrLoginServer('myacr')).toBe('myacr.azurecr.io');
    expect(acrLoginServer('MyAcr.azurecr.io')).toBe('myacr.azurecr.io');
    expect(
      acrLoginServer(
        '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr',
      ),
    ).toBe('myacr.azurecr.io');
    expect(acrLoginServer('127.0.0.1:5000')).toBe('127.0.0.1:5000');
  });
});
