/**
 * Google Artifact Registry / gcr.io: an OAuth2 access token used as the password of `oauth2accesstoken`.
 * The token comes from the GKE metadata server (GKE Workload Identity), or — outside GCP — from a
 * workload identity federation STS token exchange (optionally impersonating a service account).
 */
import { readFile } from 'node:fs/promises';
import {
  CachedCredential,
  hostMatches,
  tokenResponse,
  type CredentialProvider,
  type RegistryCredential,
} from './credentials.js';

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

export type GarCredentialOptions = {
  /** Default `*-docker.pkg.dev`, `gcr.io`, `*.gcr.io`. */
  registries?: readonly string[];
  fetch?: typeof fetch;
  clock?: () => number;
} & (
  | { mode: 'metadata'; /** Default `http://metadata.google.internal`. */ metadataUrl?: string }
  | {
      mode: 'workloadIdentityFederation';
      /** `//iam.googleapis.com/projects/<n>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`. */
      audience: string;
      subjectTokenFile: string;
      /** Default `urn:ietf:params:oauth:token-type:jwt`. */
      subjectTokenType?: string;
      /** Default `https://sts.googleapis.com/v1/token`. */
      stsEndpoint?: string;
      /** `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/<sa>:generateAccessToken`, when impersonating. */
      serviceAccountImpersonationUrl?: string;
    }
);

export class GarCredentials implements CredentialProvider {
  readonly name = 'gar';
  private readonly cache: CachedCredential;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => number;

  constructor(private readonly o: GarCredentialOptions) {
    this.clock = o.clock ?? Date.now;
    this.cache = new CachedCredential(this.clock);
    this.fetchImpl = o.fetch ?? fetch;
  }

  async credentialFor(
    registry: string,
    signal?: AbortSignal,
  ): Promise<RegistryCredential | undefined> {
    if (!hostMatches(registry, this.o.registries ?? ['*-docker.pkg.dev', 'gcr.io', '*.gcr.io']))
      return undefined;
    // One Google token serves every registry host.
    return this.cache.get('google', async () => {
      const { token, expiresAt } = await this.accessToken(signal);
      return {
        value: { kind: 'basic', username: 'oauth2accesstoken', password: token },
        expiresAt,
      };
    });
  }

  private async accessToken(signal?: AbortSignal): Promise<{ token: string; expiresAt: number }> {
    const now = this.clock();
    const init = signal ? { signal } : {};
    if (this.o.mode === 'metadata') {
      const base = this.o.metadataUrl ?? 'http://metadata.google.internal';
      const t = await tokenResponse<{ access_token?: string; expires_in?: number }>(
        'gar',
        'metadata server',
        await this.fetchImpl(`${base}/computeMetadata/v1/instance/service-accounts/default/token`, {
          headers: { 'metadata-flavor': 'Google' },
          ...init,
        }),
      );
      if (!t.access_token) throw new Error('gar: metadata server gave no access_token');
      return { token: t.access_token, expiresAt: now + (t.expires_in ?? 3600) * 1000 };
    }
    const subjectToken = (await readFile(this.o.subjectTokenFile, 'utf8')).trim();
    const sts = await tokenResponse<{ access_token?: string; expires_in?: number }>(
      'gar',
      'STS token exchange',
      await this.fetchImpl(this.o.stsEndpoint ?? 'https://sts.googleapis.com/v1/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          audience: this.o.audience,
          scope: CLOUD_PLATFORM,
          requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          subject_token: subjectToken,
          subject_token_type: this.o.subjectTokenType ?? 'urn:ietf:params:oauth:token-type:jwt',
        }),
        ...init,
      }),
    );
    if (!sts.access_token) throw new Error('gar: STS gave no access_token');
    if (!this.o.serviceAccountImpersonationUrl)
      return { token: sts.access_token, expiresAt: now + (sts.expires_in ?? 3600) * 1000 };
    const sa = await tokenResponse<{ accessToken?: string; expireTime?: string }>(
      'gar',
      'generateAccessToken',
      await this.fetchImpl(this.o.serviceAccountImpersonationUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${sts.access_token}`,
        },
        body: JSON.stringify({ scope: [CLOUD_PLATFORM], lifetime: '3600s' }),
        ...init,
      }),
    );
    if (!sa.accessToken) throw new Error('gar: generateAccessToken gave no accessToken');
    const expires = sa.expireTime ? Date.parse(sa.expireTime) : Number.NaN;
    return { token: sa.accessToken, expiresAt: Number.isNaN(expires) ? now + 3600_000 : expires };
  }
}
