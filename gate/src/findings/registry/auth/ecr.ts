/**
 * Amazon ECR with IRSA / EKS Pod Identity-style web identity: the projected service-account token
 * (AWS_WEB_IDENTITY_TOKEN_FILE) → STS AssumeRoleWithWebIdentity (unsigned) → temporary keys → ECR
 * GetAuthorizationToken (SigV4-signed JSON 1.1) → `AWS:<password>` Basic credentials, valid 12 h.
 */
import { readFile } from 'node:fs/promises';
import {
  CachedCredential,
  providerAnswerText,
  tokenResponse,
  type CredentialProvider,
  type RegistryCredential,
} from './credentials.js';
import { signV4 } from './sigv4.js';

export interface EcrCredentialOptions {
  /** AWS_ROLE_ARN. */
  roleArn: string;
  /** AWS_WEB_IDENTITY_TOKEN_FILE. */
  webIdentityTokenFile: string;
  sessionName?: string;
  /** Region when the registry host does not say (tests, custom hosts). */
  region?: string;
  /** STS endpoint. Default `https://sts.<region>.amazonaws.com/`. */
  stsEndpoint?: (region: string) => string;
  /** ECR API endpoint. Default `https://api.ecr.<region>.amazonaws.com/`. */
  ecrEndpoint?: (region: string) => string;
  /** Extra hosts served besides `<account>.dkr.ecr.<region>.amazonaws.com` (tests). */
  registries?: readonly string[];
  fetch?: typeof fetch;
  clock?: () => number;
}

const ECR_HOST = /^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** A field of STS's XML answer (there is no XML parser in node; the answer is flat and well known). */
function xmlField(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

export class EcrCredentials implements CredentialProvider {
  readonly name = 'ecr';
  private readonly cache: CachedCredential;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => number;

  constructor(private readonly o: EcrCredentialOptions) {
    this.clock = o.clock ?? Date.now;
    this.cache = new CachedCredential(this.clock);
    this.fetchImpl = o.fetch ?? fetch;
  }

  private regionOf(registry: string): string | undefined {
    const m = ECR_HOST.exec(registry);
    if (m?.[1]) return m[1];
    return this.o.registries?.includes(registry) ? this.o.region : undefined;
  }

  async credentialFor(
    registry: string,
    signal?: AbortSignal,
  ): Promise<RegistryCredential | undefined> {
    const region = this.regionOf(registry);
    if (!region) return undefined;
    return this.cache.get(registry, () => this.authorize(region, signal));
  }

  private async assumeRole(region: string, signal?: AbortSignal) {
    const token = (await readFile(this.o.webIdentityTokenFile, 'utf8')).trim();
    const res = await this.fetchImpl(
      this.o.stsEndpoint?.(region) ?? `https://sts.${region}.amazonaws.com/`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/xml' },
        body: new URLSearchParams({
          Action: 'AssumeRoleWithWebIdentity',
          Version: '2011-06-15',
          RoleArn: this.o.roleArn,
          RoleSessionName: this.o.sessionName ?? 'gated-gate',
          WebIdentityToken: token,
          DurationSeconds: '3600',
        }),
        ...(signal ? { signal } : {}),
      },
    );
    const xml = await providerAnswerText('ecr: STS', res);
    if (!res.ok)
      throw new Error(
        `ecr: STS AssumeRoleWithWebIdentity answered ${res.status}: ${xmlField(xml, 'Message') ?? ''}`,
      );
    const accessKeyId = xmlField(xml, 'AccessKeyId');
    const secretAccessKey = xmlField(xml, 'SecretAccessKey');
    const sessionToken = xmlField(xml, 'SessionToken');
    if (!accessKeyId || !secretAccessKey || !sessionToken)
      throw new Error('ecr: STS answer lacks credentials');
    return { accessKeyId, secretAccessKey, sessionToken };
  }

  private async authorize(
    region: string,
    signal?: AbortSignal,
  ): Promise<{ value: RegistryCredential; expiresAt: number }> {
    const keys = await this.assumeRole(region, signal);
    const url = this.o.ecrEndpoint?.(region) ?? `https://api.ecr.${region}.amazonaws.com/`;
    const body = '{}';
    const headers = signV4({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
      },
      body,
      region,
      service: 'ecr',
      ...keys,
      now: new Date(this.clock()),
    });
    const answer = await tokenResponse<{
      authorizationData?: { authorizationToken?: string; expiresAt?: number }[];
    }>(
      'ecr',
      'GetAuthorizationToken',
      await this.fetchImpl(url, { method: 'POST', headers, body, ...(signal ? { signal } : {}) }),
    );
    const data = answer.authorizationData?.[0];
    const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new Error('ecr: GetAuthorizationToken gave no usable token');
    const expiresAt =
      typeof data?.expiresAt === 'number' ? data.expiresAt * 1000 : this.clock() + 12 * 3600_000;
    return {
      value: {
        kind: 'basic',
        username: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
      },
      expiresAt,
    };
  }
}
