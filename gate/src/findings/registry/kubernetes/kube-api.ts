/**
 * The smallest Kubernetes API client the gate needs: `GET` one named object with the pod's own
 * service-account token. In-cluster only (KUBERNETES_SERVICE_HOST/PORT, the projected token and CA,
 * as the kubelet mounts them); the token file is re-read on every call because the kubelet rotates
 * it. The API server's address is private by nature, so it is the one internal address this
 * client's outbound guard lists (outbound-guard.ts); answers are bounded in bytes and time.
 */
import { readFile } from 'node:fs/promises';
import { guardedFetch, type OutboundPolicy } from '../outbound-guard.js';
import { hostPortOf } from '../outbound-address.js';
import { readLimited } from '../read-body.js';

export interface KubernetesApiOptions {
  /** `https://10.96.0.1:443`: from KUBERNETES_SERVICE_HOST/PORT, or GATE_KUBERNETES_API_URL. */
  baseUrl: string;
  /** The service-account token (GATE_KUBERNETES_TOKEN_FILE). */
  tokenFile: string;
  /** The API server's CA (GATE_KUBERNETES_CA_FILE contents). */
  caPem?: string;
  /** One request's deadline. Default 2000 ms. */
  timeoutMs?: number;
  /** Largest answer read. Default 2 MiB (a Secret holds at most 1 MiB, base64 in JSON). */
  maxBytes?: number;
}

/** A non-2xx, non-404 answer: 401/403 mean the gate's RBAC or token does not allow the read. */
export class KubernetesApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

/** `https://<host>:<port>` from the kubelet's variables (IPv6 hosts bracketed), or undefined. */
export function inClusterApiUrl(
  host: string | undefined,
  port: string | undefined,
): string | undefined {
  if (!host) return undefined;
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `https://${h}:${port ?? '443'}`;
}

const MAX_TOKEN_BYTES = 64 * 1024;

export class KubernetesApi {
  private readonly policy: OutboundPolicy;
  private readonly base: URL;

  constructor(private readonly o: KubernetesApiOptions) {
    this.base = new URL(o.baseUrl);
    this.policy = {
      allowed: [hostPortOf(this.base)],
      insecure: [],
      // The API server never redirects a GET of a named object; a redirect is refused, not followed.
      maxRedirects: 0,
      ...(o.caPem ? { ca: [o.caPem] } : {}),
    };
  }

  /** `host:port` of the API server (for logs). */
  get host(): string {
    return hostPortOf(this.base);
  }

  /** The object at `path` (`/api/v1/namespaces/x/secrets/y`), or null when it does not exist. */
  async get(path: string, signal?: AbortSignal): Promise<unknown> {
    const token = (await readFile(this.o.tokenFile, 'utf8')).slice(0, MAX_TOKEN_BYTES).trim();
    const timeout = AbortSignal.timeout(this.o.timeoutMs ?? 2000);
    const res = await guardedFetch(
      new URL(path, this.base).toString(),
      {
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      },
      this.policy,
    );
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    const bytes = await readLimited(res, this.o.maxBytes ?? 2 * 1024 * 1024, this.host);
    if (!res.ok) {
      const text = Buffer.from(bytes).toString('utf8');
      let message = text.slice(0, 200);
      try {
        const status = JSON.parse(text) as { message?: unknown };
        if (typeof status.message === 'string') message = status.message;
      } catch {
        // Not a Status object: the raw text is the message.
      }
      throw new KubernetesApiError(`kubernetes API ${path}: ${res.status} ${message}`, res.status);
    }
    try {
      return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    } catch {
      throw new KubernetesApiError(`kubernetes API ${path}: answer is not JSON`, res.status);
    }
  }
}
