/**
 * Every request to the OpenID provider leaves through the outbound guard (docs/decisions/060): each
 * hop resolved and checked, the issuer's own host:port the only internal address allowed (besides
 * GATE_ALLOWED_PRIVATE_REGISTRIES), plain HTTP only to a loopback issuer. Bodies are bounded and
 * every failure is one ProviderUnavailableError, so nothing of the network leaks to the browser.
 */
import { guardedFetch, readLimited, type OutboundPolicy } from '@gated/gate/registry';

const MAX_BODY = 512 * 1024;
const TIMEOUT_MS = 10_000;

/** The provider could not be reached or answered something unusable. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
}

export function providerPolicy(issuer: string, allowedPrivate: readonly string[]): OutboundPolicy {
  const url = new URL(issuer);
  return {
    allowed: [url.host, ...allowedPrivate],
    insecure: url.protocol === 'http:' ? [url.host] : [],
  };
}

export interface ProviderAnswer {
  status: number;
  json: unknown;
}

/** Sends the request and parses a JSON answer of any status (token errors come as 400 JSON). */
export async function providerRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  policy: OutboundPolicy,
): Promise<ProviderAnswer> {
  try {
    const res = await guardedFetch(
      url,
      {
        ...init,
        headers: { accept: 'application/json', ...init.headers },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
      policy,
    );
    const bytes = await readLimited(res, MAX_BODY, new URL(url).host);
    return { status: res.status, json: JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown };
  } catch (e) {
    throw new ProviderUnavailableError(
      `${new URL(url).host}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}
