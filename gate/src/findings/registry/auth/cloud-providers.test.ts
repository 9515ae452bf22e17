import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OciClient } from '../oci-client.js';
import { startDockerRegistry, type RunningRegistry } from '../testing/docker-registry.js';
import { OciPusher, type PushedDescriptor } from '../testing/oci-pusher.js';
import { startTokenServer, type TokenServer } from '../testing/token-server.js';
import { AcrCredentials } from './acr.js';
import { EcrCredentials } from './ecr.js';
import { GarCredentials } from './gar.js';
import { signV4 } from './sigv4.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const FEDERATED = 'eyJhbGciOiJSUzI1NiJ9.federated-sa-token.sig';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const ECR_PASSWORD = 'ecr-password-from-get-authorization-token';

/** One local server speaking Entra, ACR's /oauth2/exchange, AWS STS + ECR JSON 1.1, GCE metadata, Google STS and IAM Credentials. */
const calls: string[] = [];
let registryHost = '';

async function form(req: IncomingMessage): Promise<{ text: string; form: URLSearchParams }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  return { text, form: new URLSearchParams(text) };
}

async function cloud(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const url = req.url ?? '';
  const { text, form: f } = await form(req);
  const json = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  calls.push(url.split('?')[0] ?? url);
  if (url === `/entra/${TENANT}/oauth2/v2.0/token`) {
    const ok =
      f.get('client_assertion') === FEDERATED &&
      f.get('client_id') === CLIENT &&
      f.get('grant_type') === 'client_credentials' &&
      f.get('client_assertion_type') === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
    return ok
      ? json(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'entra-access-token' })
      : json(400, { error: 'invalid_client' });
  }
  if (url === '/acr/oauth2/exchange') {
    const ok =
      f.get('grant_type') === 'access_token' &&
      f.get('access_token') === 'entra-access-token' &&
      f.get('service') === registryHost &&
      f.get('tenant') === TENANT;
    return ok
      ? json(200, { refresh_token: 'acr-refresh-token' })
      : json(401, { errors: [{ code: 'UNAUTHORIZED' }] });
  }
  if (url === '/aws-sts/') {
    if (
      f.get('Action') !== 'AssumeRoleWithWebIdentity' ||
      f.get('WebIdentityToken') !== FEDERATED ||
      f.get('RoleArn') !== 'arn:aws:iam::123456789012:role/gate'
    ) {
      res
        .writeHead(403)
        .end('<ErrorResponse><Error><Message>Not authorized</Message></Error></ErrorResponse>');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/xml' })
      .end(
        `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>${AWS_SECRET}</SecretAccessKey><SessionToken>session-token-xyz</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`,
      );
    return;
  }
  if (url === '/ecr/') {
    const h = req.headers as Record<string, string>;
    const date = h['x-amz-date'] ?? '';
    const now = new Date(
      `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
    );
    const expected = signV4({
      method: 'POST',
      url: `http://${h.host}/ecr/`,
      headers: { 'content-type': h['content-type'] ?? '', 'x-amz-target': h['x-amz-target'] ?? '' },
      body: text,
      region: 'us-west-2',
      service: 'ecr',
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: AWS_SECRET,
      sessionToken: h['x-amz-security-token'] ?? '',
      now,
    });
    const ok =
      h['x-amz-target'] === 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken' &&
      h['x-amz-security-token'] === 'session-token-xyz' &&
      h.authorization === expected.authorization;
    return ok
      ? json(200, {
          authorizationData: [
            {
              authorizationToken: Buffer.from(`AWS:${ECR_PASSWORD}`).toString('base64'),
              expiresAt: Math.floor(Date.now() / 1000) + 43200,
              proxyEndpoint: `https://${registryHost}`,
            },
          ],
        })
      : json(403, { __type: 'InvalidSignatureException' });
  }
  if (url === '/gce/computeMetadata/v1/instance/service-accounts/default/token') {
    return req.headers['metadata-flavor'] === 'Google'
      ? json(200, { access_token: 'gce-access-token', expires_in: 3599, token_type: 'Bearer' })
      : json(403, {});
  }
  if (url === '/gsts/v1/token') {
    const ok =
      f.get('grant_type') === 'urn:ietf:params:oauth:grant-type:token-exchange' &&
      f.get('subject_token') === FEDERATED &&
      f.get('audience')?.startsWith('//iam.googleapis.com/');
    return ok
      ? json(200, {
          access_token: 'federated-access-token',
          issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          token_type: 'Bearer',
          expires_in: 3600,
        })
      : json(400, { error: 'invalid_grant' });
  }
  if (
    url ===
    '/iamcredentials/v1/projects/-/serviceAccounts/gate@p.iam.gserviceaccount.com:generateAccessToken'
  ) {
    return req.headers.authorization === 'Bearer federated-access-token'
      ? json(200, { accessToken: 'impersonated-access-token', expireTime: '2099-01-01T00:00:00Z' })
      : json(401, {});
  }
  json(404, {});
}

describe(
  'cloud credential providers, against local token-protocol endpoints and docker-registry',
  { timeout: 30_000 },
  () => {
    const server = createServer((req, res) => void cloud(req, res));
    let base = '';
    let dir = '';
    let tokenFile = '';
    let tokens: TokenServer;
    let registry: RunningRegistry;
    let image: PushedDescriptor;

    beforeAll(async () => {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const addr = server.address();
      base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      dir = mkdtempSync(join(tmpdir(), 'gated-cloud-'));
      tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, `${FEDERATED}\n`);
      // The registry's token server accepts what each cloud flow ends with.
      tokens = await startTokenServer({
        username: 'AWS',
        password: ECR_PASSWORD,
        refreshToken: 'acr-refresh-token',
        users: { oauth2accesstoken: 'gce-access-token' },
      });
      registry = await startDockerRegistry({
        kind: 'token',
        realm: tokens.realm,
        service: tokens.service,
        issuer: tokens.issuer,
        rootCertPem: tokens.rootCertPem,
      });
      registryHost = registry.host;
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

    it('ACR: federated token → Entra (client assertion) → /oauth2/exchange → refresh token → registry token', async () => {
      const acr = new AcrCredentials({
        tenantId: TENANT,
        clientId: CLIENT,
        federatedTokenFile: tokenFile,
        authorityHost: `${base}/entra`,
        registries: [registry.host],
        registryUrl: () => `${base}/acr`,
      });
      expect(await acr.credentialFor(registry.host)).toEqual({
        kind: 'refreshToken',
        token: 'acr-refresh-token',
      });
      expect(await acr.credentialFor('other.example.com')).toBeUndefined();
      const client = new OciClient({
        insecureRegistries: [registry.host],
        allowedPrivateRegistries: [new URL(tokens.realm).host],
        credentials: [acr],
      });
      expect(await client.resolveTag(registry.host, 'team/app', 'v1')).toBe(image.digest);
      // Cached: one Entra call and one exchange for both uses.
      expect(calls.filter((c) => c.startsWith('/entra/'))).toHaveLength(1);
      expect(calls.filter((c) => c === '/acr/oauth2/exchange')).toHaveLength(1);
    });

    it('ACR: a rejected assertion surfaces as an error naming the step', async () => {
      writeFileSync(join(dir, 'bad'), 'not-the-token');
      const acr = new AcrCredentials({
        tenantId: TENANT,
        clientId: CLIENT,
        federatedTokenFile: join(dir, 'bad'),
        authorityHost: `${base}/entra`,
        registries: [registry.host],
      });
      await expect(acr.credentialFor(registry.host)).rejects.toThrow(
        /Entra token endpoint answered 400/,
      );
    });

    it('ECR: web identity → STS AssumeRoleWithWebIdentity → SigV4-signed GetAuthorizationToken → AWS basic credentials', async () => {
      const ecr = new EcrCredentials({
        roleArn: 'arn:aws:iam::123456789012:role/gate',
        webIdentityTokenFile: tokenFile,
        region: 'us-west-2',
        registries: [registry.host],
        stsEndpoint: () => `${base}/aws-sts/`,
        ecrEndpoint: () => `${base}/ecr/`,
      });
      expect(await ecr.credentialFor(registry.host)).toEqual({
        kind: 'basic',
        username: 'AWS',
        password: ECR_PASSWORD,
      });
      const client = new OciClient({
        insecureRegistries: [registry.host],
        allowedPrivateRegistries: [new URL(tokens.realm).host],
        credentials: [ecr],
      });
      expect(await client.resolveTag(registry.host, 'team/app', 'v1')).toBe(image.digest);
    });

    it('ECR: knows real ECR hosts and their region without configuration', async () => {
      const ecr = new EcrCredentials({
        roleArn: 'arn:aws:iam::123456789012:role/gate',
        webIdentityTokenFile: tokenFile,
        stsEndpoint: () => `${base}/aws-sts/`,
        ecrEndpoint: () => `${base}/ecr/`,
      });
      expect(await ecr.credentialFor('123456789012.dkr.ecr.us-west-2.amazonaws.com')).toMatchObject(
        { username: 'AWS' },
      );
      expect(await ecr.credentialFor('myacr.azurecr.io')).toBeUndefined();
    });

    it('GAR: metadata server token → oauth2accesstoken basic credentials', async () => {
      const gar = new GarCredentials({
        mode: 'metadata',
        metadataUrl: `${base}/gce`,
        registries: [registry.host],
      });
      expect(await gar.credentialFor(registry.host)).toEqual({
        kind: 'basic',
        username: 'oauth2accesstoken',
        password: 'gce-access-token',
      });
      const client = new OciClient({
        insecureRegistries: [registry.host],
        allowedPrivateRegistries: [new URL(tokens.realm).host],
        credentials: [gar],
      });
      expect(await client.resolveTag(registry.host, 'team/app', 'v1')).toBe(image.digest);
      expect(
        await new GarCredentials({ mode: 'metadata', metadataUrl: `${base}/gce` }).credentialFor(
          'europe-west1-docker.pkg.dev',
        ),
      ).toMatchObject({ password: 'gce-access-token' });
    });

    it('GAR: workload identity federation STS exchange, then service-account impersonation', async () => {
      const gar = new GarCredentials({
        mode: 'workloadIdentityFederation',
        audience:
          '//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/aks/providers/aks-oidc',
        subjectTokenFile: tokenFile,
        stsEndpoint: `${base}/gsts/v1/token`,
        serviceAccountImpersonationUrl: `${base}/iamcredentials/v1/projects/-/serviceAccounts/gate@p.iam.gserviceaccount.com:generateAccessToken`,
        registries: [registry.host],
      });
      expect(await gar.credentialFor(registry.host)).toEqual({
        kind: 'basic',
        username: 'oauth2accesstoken',
        password: 'impersonated-access-token',
      });
      const direct = new GarCredentials({
        mode: 'workloadIdentityFederation',
        audience: '//iam.googleapis.com/projects/123/x',
        subjectTokenFile: tokenFile,
        stsEndpoint: `${base}/gsts/v1/token`,
        registries: [registry.host],
      });
      expect(await direct.credentialFor(registry.host)).toMatchObject({
        password: 'federated-access-token',
      });
    });
  },
);
