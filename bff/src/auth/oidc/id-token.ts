/**
 * ID token verification with `jose`: signature against the provider's JWKS (fetched through the
 * outbound guard, refetched once when a token names an unknown key, e.g. after rotation), issuer,
 * audience, expiry, asymmetric algorithms only, `azp` with several audiences, and the nonce.
 */
import type { OutboundPolicy } from '@gated/gate/registry';
import {
  createLocalJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { ProviderMetadata } from './discovery.js';
import { providerRequest, ProviderUnavailableError } from './provider-http.js';

const ASYMMETRIC = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
];
const ASYMMETRIC_OKP = ['EdDSA', 'Ed25519'];
/** At most one JWKS refetch per minute, so forged kids cannot make us hammer the provider. */
const REFETCH_MS = 60_000;

/** The token failed a check: the sign-in is refused as failed, not as unavailable. */
export class IdTokenError extends Error {
  override name = 'IdTokenError';
}

export class IdTokenVerifier {
  private keys: JWTVerifyGetKey | undefined;
  private fetchedAt = 0;

  constructor(
    private readonly policy: OutboundPolicy,
    private readonly clock: () => number,
  ) {}

  private async loadKeys(jwksUri: string): Promise<JWTVerifyGetKey> {
    const answer = await providerRequest(jwksUri, {}, this.policy);
    const jwks = answer.json as Partial<JSONWebKeySet> | null;
    if (answer.status !== 200 || !jwks || !Array.isArray(jwks.keys))
      throw new ProviderUnavailableError(`${jwksUri}: not a JWK set`);
    this.keys = createLocalJWKSet({ keys: jwks.keys });
    this.fetchedAt = this.clock();
    return this.keys;
  }

  async verify(
    idToken: string,
    metadata: ProviderMetadata,
    expected: { clientId: string; nonce: string },
  ): Promise<JWTPayload & { sub: string }> {
    const offered = metadata.id_token_signing_alg_values_supported ?? ['RS256'];
    const algorithms = offered.filter((a) => ASYMMETRIC.includes(a) || ASYMMETRIC_OKP.includes(a));
    if (algorithms.length === 0)
      throw new ProviderUnavailableError(
        'the provider signs ID tokens with no asymmetric algorithm',
      );
    const options = {
      issuer: metadata.issuer,
      audience: expected.clientId,
      algorithms,
      currentDate: new Date(this.clock()),
      clockTolerance: 60,
      requiredClaims: ['sub', 'exp', 'iat'],
    };
    let payload: JWTPayload;
    try {
      const keys = this.keys ?? (await this.loadKeys(metadata.jwks_uri));
      try {
        ({ payload } = await jwtVerify(idToken, keys, options));
      } catch (e) {
        if (!(e instanceof errors.JWKSNoMatchingKey) || this.clock() - this.fetchedAt < REFETCH_MS)
          throw e;
        ({ payload } = await jwtVerify(idToken, await this.loadKeys(metadata.jwks_uri), options));
      }
    } catch (e) {
      if (e instanceof ProviderUnavailableError) throw e;
      throw new IdTokenError(`ID token refused: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (payload.nonce !== expected.nonce) throw new IdTokenError('ID token refused: wrong nonce');
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== expected.clientId)
      throw new IdTokenError('ID token refused: several audiences and azp is not this client');
    if (typeof payload.sub !== 'string' || !payload.sub)
      throw new IdTokenError('ID token refused: no subject');
    return { ...payload, sub: payload.sub };
  }
}
