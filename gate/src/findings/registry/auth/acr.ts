/**
 * Azure Container Registry with AKS workload identity: the federated service-account token (a file the
 * webhook mutates into the pod) → Entra ID token via a client assertion → ACR `/oauth2/exchange` →
 * an ACR refresh token, which the registry's token flow then trades for access tokens.
 */
import { readFile } from 'node:fs/promises';
import {
  CachedCredential,
  hostMatches,
  tokenResponse,
  type CredentialProvider,
  type RegistryCredential,
} from './credentials.js';

export interface AcrCredentialOptions {
  tenantId: string;
  /**
   * Client id of the workload identity (AZURE_CLIENT_ID); `clientIdFor` and `clientIdByRegistry`
   * override it per registry (the cluster's `securityGating.identities`). Without any of them a
   * registry gets no ACR credential.
   */
  clientId?: string;
  clientIdByRegistry?: Readonly<Record<string, string>>;
  /**
   * Asked on every lookup, so a changed `identities[]` in the synced policy applies at once. A
   * registry it answers for is served even outside the `registries` patterns (a custom domain).
   */
  clientIdFor?: (registry: string) => string | undefined;
  /** AZURE_FEDERATED_TOKEN_FILE. */
  federatedTokenFile: string;
  /** AZURE_AUTHORITY_HOST. Default `https://login.microsoftonline.com/`. */
  authorityHost?: string;
  /** Entra scope of the token ACR accepts. Default ARM (`https://management.azure.com/.default`). */
  scope?: string;
  /** Registries served. Default `*.azurecr.io`, `*.azurecr.cn`, `*.azurecr.us`. */
  registries?: readonly string[];
  /** Base URL of a registry's `/oauth2/exchange` (tests point it at 127.0.0.1). Default `https://<registry>`. */
  registryUrl?: (registry: string) => string;
  fetch?: typeof fetch;
  clock?: () => number;
}

export class AcrCredentials implements CredentialProvider {
  readonly name = 'acr';
  private readonly cache: CachedCredential;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly o: AcrCredentialOptions) {
    this.cache = new CachedCredential(o.clock);
    this.fetchImpl = o.fetch ?? fetch;
  }

  async credentialFor(
    registry: string,
    signal?: AbortSignal,
  ): Promise<RegistryCredential | undefined> {
    const mapped = this.o.clientIdFor?.(registry) ?? this.o.clientIdByRegistry?.[registry];
    if (
      mapped === undefined &&
      !hostMatches(registry, this.o.registries ?? ['*.azurecr.io', '*.azurecr.cn', '*.azurecr.us'])
    )
      return undefined;
    const clientId = mapped ?? this.o.clientId;
    if (!clientId) return undefined;
    // Keyed by identity too: an identities[] change must not keep serving the old identity's token.
    return this.cache.get(`${registry}|${clientId}`, () =>
      this.exchange(registry, clientId, signal),
    );
  }

  private async exchange(
    registry: string,
    clientId: string,
    signal?: AbortSignal,
  ): Promise<{ value: RegistryCredential; expiresAt: number }> {
    const now = (this.o.clock ?? Date.now)();
    const assertion = (await readFile(this.o.federatedTokenFile, 'utf8')).trim();
    const authority = (this.o.authorityHost ?? 'https://login.microsoftonline.com/').replace(
      /\/?$/,
      '/',
    );
    const entra = await tokenResponse<{ access_token?: string; expires_in?: number }>(
      'acr',
      'Entra token endpoint',
      await this.fetchImpl(`${authority}${this.o.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: clientId,
          scope: this.o.scope ?? 'https://management.azure.com/.default',
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        }),
        ...(signal ? { signal } : {}),
      }),
    );
    if (!entra.access_token) throw new Error('acr: Entra gave no access_token');
    const base = this.o.registryUrl?.(registry) ?? `https://${registry}`;
    const acr = await tokenResponse<{ refresh_token?: string }>(
      'acr',
      '/oauth2/exchange',
      await this.fetchImpl(`${base}/oauth2/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'access_token',
          service: registry,
          tenant: this.o.tenantId,
          access_token: entra.access_token,
        }),
        ...(signal ? { signal } : {}),
      }),
    );
    if (!acr.refresh_token) throw new Error('acr: /oauth2/exchange gave no refresh_token');
    // ACR refresh tokens live about 3 h; the Entra token bounds how long we trust the exchange.
    const lifetime = Math.min((entra.expires_in ?? 3600) * 1000, 3 * 3600_000);
    return { value: { kind: 'refreshToken', token: acr.refresh_token }, expiresAt: now + lifetime };
  }
}
