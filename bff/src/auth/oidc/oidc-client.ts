/**
 * The relying party towards one provider: cached discovery (an hour; a failure is not cached), the
 * authorization URL, and turning a returned code into verified claims.
 */
import type { OutboundPolicy } from '@gated/gate/registry';
import { fetchMetadata, type ProviderMetadata } from './discovery.js';
import { IdTokenVerifier } from './id-token.js';
import type { OidcConfig } from './oidc-env.js';
import { providerPolicy } from './provider-http.js';
import { exchangeCode, fetchUserinfo } from './token-exchange.js';
import { claimValues } from './role-mapping.js';

const METADATA_TTL_MS = 3_600_000;

export interface VerifiedSignIn {
  subject: string;
  preferredName: string;
  groups: string[];
}

export class OidcClient {
  private cached: { metadata: ProviderMetadata; at: number } | undefined;
  private readonly policy: OutboundPolicy;
  private readonly verifier: IdTokenVerifier;

  constructor(
    readonly config: OidcConfig,
    allowedPrivate: readonly string[],
    private readonly clock: () => number = Date.now,
  ) {
    this.policy = providerPolicy(config.issuer, allowedPrivate);
    this.verifier = new IdTokenVerifier(this.policy, clock);
  }

  async metadata(): Promise<ProviderMetadata> {
    const now = this.clock();
    if (this.cached && now - this.cached.at < METADATA_TTL_MS) return this.cached.metadata;
    const metadata = await fetchMetadata(this.config.issuer, this.policy);
    this.cached = { metadata, at: now };
    return metadata;
  }

  async authorizationUrl(p: { state: string; nonce: string; codeChallenge: string }) {
    const url = new URL((await this.metadata()).authorization_endpoint);
    const params = {
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: this.config.redirectUri,
      scope: this.config.scopes,
      state: p.state,
      nonce: p.nonce,
      code_challenge: p.codeChallenge,
      code_challenge_method: 'S256',
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  }

  /** Code → tokens → verified ID token (→ userinfo when the groups claim is not in it). */
  async finish(grant: { code: string; codeVerifier: string; nonce: string }) {
    const metadata = await this.metadata();
    const tokens = await exchangeCode(this.config, metadata, this.policy, grant);
    const idClaims = await this.verifier.verify(tokens.id_token, metadata, {
      clientId: this.config.clientId,
      nonce: grant.nonce,
    });
    let claims: Record<string, unknown> = idClaims;
    if (idClaims[this.config.groupsClaim] === undefined && tokens.access_token)
      claims = {
        ...(await fetchUserinfo(metadata, this.policy, tokens.access_token, idClaims.sub)),
        ...idClaims,
      };
    const name = [claims.preferred_username, claims.email].find(
      (v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 100,
    );
    return {
      subject: idClaims.sub,
      preferredName: name ?? idClaims.sub.slice(0, 100),
      groups: claimValues(claims, this.config.groupsClaim),
    } satisfies VerifiedSignIn;
  }

  /** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0), when the provider offers it. */
  async endSessionUrl(): Promise<string | null> {
    const endpoint = (await this.metadata().catch(() => undefined))?.end_session_endpoint;
    if (!endpoint) return null;
    const url = new URL(endpoint);
    url.searchParams.set('client_id', this.config.clientId);
    url.searchParams.set('post_logout_redirect_uri', this.config.postLogoutRedirectUri);
    return url.toString();
  }
}
