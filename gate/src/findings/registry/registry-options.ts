import type { CredentialProvider } from './auth/credentials.js';
import type { Resolver } from './outbound-address.js';

/** A registry request that failed before any HTTP answer; `detail` is for logs, never for users. */
export interface TransportErrorEntry {
  registry: string;
  /** Origin and path, without the query. */
  url: string;
  /** True when the outbound guard refused it (internal address, redirect) and nothing connected. */
  refused: boolean;
  detail: string;
}

/** Per-registry transport settings; every field has a default. */
export interface RegistryTransportOptions {
  /** One request's deadline (ms). Default 5000. */
  timeoutMs?: number;
  /** Extra attempts after a network error, 429 or 5xx. Default 2. */
  retries?: number;
  /** Base of the exponential backoff with full jitter (ms). Default 100. */
  retryBaseMs?: number;
  /** Requests in flight per registry host. Default 8. */
  concurrency?: number;
}

/** Everything the OCI client needs; the gate's env.ts and the BFF build this, tests point it at 127.0.0.1. */
export interface OciClientOptions extends RegistryTransportOptions {
  /** `host:port` registries reached over plain HTTP (GATE_INSECURE_REGISTRIES). All others need TLS. */
  insecureRegistries?: readonly string[];
  /**
   * `host:port` registries (and token realms) that may resolve to loopback, private, link-local or
   * other internal addresses (GATE_ALLOWED_PRIVATE_REGISTRIES). Every other request to such an
   * address is refused before connecting. Insecure registries count as allowed.
   */
  allowedPrivateRegistries?: readonly string[];
  /** Extra trusted CA certificates (PEM) for HTTPS registries (a private CA). Default: Node's bundle. */
  trustedCaPem?: readonly string[];
  /** DNS resolution used by the outbound guard (tests). Default: the system resolver. */
  resolver?: Resolver;
  /** Called with the cause of every transport failure (wire it to the logger). */
  onTransportError?: (entry: TransportErrorEntry) => void;
  /** Overrides per registry host. */
  perRegistry?: Readonly<Record<string, RegistryTransportOptions>>;
  /** Where credentials come from, asked in order; the first that knows the host wins. Default: anonymous. */
  credentials?: readonly CredentialProvider[];
  /** Largest report blob fetched (bytes). Default 16 MiB. */
  maxBlobBytes?: number;
  /** Largest manifest or referrers index read (bytes). Default 4 MiB. */
  maxManifestBytes?: number;
  /** Platform whose manifest is also searched for referrers when a digest is an index. Default linux/amd64. */
  platform?: { os: string; architecture: string; variant?: string };
}
