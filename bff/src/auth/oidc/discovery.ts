/** The provider's metadata from `<issuer>/.well-known/openid-configuration` (OpenID Connect Discovery 1.0). */
import type { OutboundPolicy } from '@gated/gate/registry';
import { z } from 'zod';
import { providerRequest, ProviderUnavailableError } from './provider-http.js';

const endpoint = z.string().url().max(2000);

export const ProviderMetadataSchema = z.object({
  issuer: z.string(),
  authorization_endpoint: endpoint,
  token_endpoint: endpoint,
  jwks_uri: endpoint,
  userinfo_endpoint: endpoint.optional(),
  end_session_endpoint: endpoint.optional(),
  id_token_signing_alg_values_supported: z.array(z.string()).max(50).optional(),
  token_endpoint_auth_methods_supported: z.array(z.string()).max(50).optional(),
  code_challenge_methods_supported: z.array(z.string()).max(50).optional(),
});
export type ProviderMetadata = z.infer<typeof ProviderMetadataSchema>;

/**
 * Fetches and checks the metadata. The document must name exactly the configured issuer (Discovery
 * §4.3), and, when it lists PKCE methods, S256 among them.
 */
export async function fetchMetadata(
  issuer: string,
  policy: OutboundPolicy,
): Promise<ProviderMetadata> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const answer = await providerRequest(url, {}, policy);
  if (answer.status !== 200)
    throw new ProviderUnavailableError(`${url}: discovery answered ${answer.status}`);
  const parsed = ProviderMetadataSchema.safeParse(answer.json);
  if (!parsed.success)
    throw new ProviderUnavailableError(`${url}: not an OpenID provider configuration`);
  const metadata = parsed.data;
  if (metadata.issuer !== issuer)
    throw new ProviderUnavailableError(
      `${url}: names issuer ${metadata.issuer}, configured ${issuer}`,
    );
  const pkce = metadata.code_challenge_methods_supported;
  if (pkce && !pkce.includes('S256'))
    throw new ProviderUnavailableError(`${url}: the provider does not support PKCE S256`);
  return metadata;
}
