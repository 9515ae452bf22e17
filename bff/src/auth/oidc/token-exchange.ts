/** The back-channel steps of the authorization-code flow: code → tokens (with the PKCE verifier), userinfo. */
import type { OutboundPolicy } from '@gated/gate/registry';
import { z } from 'zod';
import type { ProviderMetadata } from './discovery.js';
import { IdTokenError } from './id-token.js';
import type { OidcConfig } from './oidc-env.js';
import { providerRequest } from './provider-http.js';

const TokenAnswerSchema = z.object({
  id_token: z.string().max(64 * 1024),
  access_token: z
    .string()
    .max(64 * 1024)
    .optional(),
});
export type TokenAnswer = z.infer<typeof TokenAnswerSchema>;

/** RFC 6749 §2.3.1: id and secret are form-encoded before Basic. */
const formEncode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');

export async function exchangeCode(
  config: OidcConfig,
  metadata: ProviderMetadata,
  policy: OutboundPolicy,
  grant: { code: string; codeVerifier: string },
): Promise<TokenAnswer> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: config.redirectUri,
    code_verifier: grant.codeVerifier,
  });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
  };
  const methods = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (!config.clientSecret) form.set('client_id', config.clientId);
  else if (!methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
    form.set('client_id', config.clientId);
    form.set('client_secret', config.clientSecret);
  } else {
    const basic = `${formEncode(config.clientId)}:${formEncode(config.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  }
  const answer = await providerRequest(
    metadata.token_endpoint,
    { method: 'POST', headers, body: form.toString() },
    policy,
  );
  const parsed = TokenAnswerSchema.safeParse(answer.json);
  if (answer.status !== 200 || !parsed.success) {
    const error = z.object({ error: z.string().max(100) }).safeParse(answer.json);
    // invalid_grant covers a wrong PKCE verifier, a reused or expired code.
    throw new IdTokenError(
      `token endpoint answered ${answer.status}${error.success ? ` ${error.data.error}` : ''}`,
    );
  }
  return parsed.data;
}

/** Userinfo claims (JSON answers only), for providers that leave groups out of the ID token. */
export async function fetchUserinfo(
  metadata: ProviderMetadata,
  policy: OutboundPolicy,
  accessToken: string,
  subject: string,
): Promise<Record<string, unknown>> {
  if (!metadata.userinfo_endpoint) return {};
  const answer = await providerRequest(
    metadata.userinfo_endpoint,
    { headers: { authorization: `Bearer ${accessToken}` } },
    policy,
  );
  const claims = z.looseObject({ sub: z.string() }).safeParse(answer.json);
  if (answer.status !== 200 || !claims.success) return {};
  // Core §5.3.2: claims about another subject must not be used.
  if (claims.data.sub !== subject) throw new IdTokenError('userinfo is about another subject');
  return claims.data;
}
