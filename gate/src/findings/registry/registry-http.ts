/**
 * HTTP to OCI registries: scheme choice (TLS unless listed insecure), per-host concurrency limits and
 * timeouts, retries with jittered backoff, and the auth dance (Basic, or the Docker/OCI bearer-token
 * challenge flow with tokens cached per scope). Knows nothing about manifests.
 */
import { parseChallenge, type AuthChallenge } from './auth/challenge.js';
import { providerAnswerText, type RegistryCredential } from './auth/credentials.js';
import { backoffMs, Semaphore, sleep } from './concurrency.js';
import { OutboundRefusedError } from './outbound-address.js';
import { guardedFetch, type OutboundInit, type OutboundPolicy } from './outbound-guard.js';
import { RegistryError, UNREACHABLE } from './registry-error.js';
import type { OciClientOptions, RegistryTransportOptions } from './registry-options.js';

interface Token {
  value: string;
  until: number;
}

export interface RegistryRequest {
  registry: string;
  /** Path from `/v2/…`. */
  path: string;
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** Token scope, e.g. `repository:shop/web:pull`. */
  scope: string;
  signal?: AbortSignal;
}

export class RegistryHttp {
  private readonly semaphores = new Map<string, Semaphore>();
  private readonly tokens = new Map<string, Token>();
  /** Hosts that answered Basic challenges: send credentials up front next time. */
  private readonly basicHosts = new Set<string>();
  private readonly outbound: OutboundPolicy;

  constructor(private readonly options: OciClientOptions) {
    const insecure = options.insecureRegistries ?? [];
    // A registry the operator lists as insecure is named explicitly, so it may be internal too.
    this.outbound = {
      allowed: [...(options.allowedPrivateRegistries ?? []), ...insecure],
      insecure,
      ...(options.resolver ? { resolver: options.resolver } : {}),
      ...(options.trustedCaPem ? { ca: options.trustedCaPem } : {}),
    };
  }

  /** `http://` only for registries listed insecure; Docker Hub's API lives on registry-1.docker.io. */
  baseUrl(registry: string): string {
    const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
    return `${this.isInsecure(registry) ? 'http' : 'https'}://${host}`;
  }

  isInsecure(registry: string): boolean {
    return (this.options.insecureRegistries ?? []).includes(registry);
  }

  private transport(registry: string): Required<RegistryTransportOptions> {
    const o = { ...this.options, ...this.options.perRegistry?.[registry] };
    return {
      timeoutMs: o.timeoutMs ?? 5000,
      retries: o.retries ?? 2,
      retryBaseMs: o.retryBaseMs ?? 100,
      concurrency: o.concurrency ?? 8,
    };
  }

  private semaphore(registry: string): Semaphore {
    let s = this.semaphores.get(registry);
    if (!s) {
      s = new Semaphore(this.transport(registry).concurrency);
      this.semaphores.set(registry, s);
    }
    return s;
  }

  private async credential(
    registry: string,
    signal?: AbortSignal,
  ): Promise<RegistryCredential | undefined> {
    for (const provider of this.options.credentials ?? []) {
      const c = await provider.credentialFor(registry, signal);
      if (c) return c;
    }
    return undefined;
  }

  /**
   * One guarded fetch with the per-registry timeout joined to the caller's signal. Every transport
   * failure — refused address, refused redirect, connection error, timeout — reaches callers as the
   * same "registry unreachable", so answers never map which internal ports are open; the cause goes
   * to `onTransportError` (the logs).
   */
  private async once(
    registry: string,
    url: string,
    init: OutboundInit,
    signal?: AbortSignal,
  ): Promise<Response> {
    const timeout = AbortSignal.timeout(this.transport(registry).timeoutMs);
    const joined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await this.semaphore(registry).run(() =>
        guardedFetch(url, { ...init, signal: joined }, this.outbound),
      );
    } catch (e) {
      if (signal?.aborted) throw e;
      const refused = e instanceof OutboundRefusedError;
      const detail = refused ? e.detail : timeout.aborted ? 'timed out' : describe(e);
      this.options.onTransportError?.({ registry, url: redact(url), refused, detail });
      throw new RegistryError(`${registry}: ${UNREACHABLE}`, 0, registry, { transient: !refused });
    }
  }

  /** Retries network errors, 429 and 5xx with full-jitter backoff. */
  private async withRetries(
    registry: string,
    url: string,
    init: OutboundInit,
    signal?: AbortSignal,
  ): Promise<Response> {
    const { retries, retryBaseMs } = this.transport(registry);
    for (let attempt = 0; ; attempt++) {
      let res: Response | undefined;
      let error: unknown;
      try {
        res = await this.once(registry, url, init, signal);
      } catch (e) {
        if (signal?.aborted || !(e instanceof RegistryError) || !e.transient) throw e;
        error = e;
      }
      const retryable = !res || res.status === 429 || res.status >= 500;
      if (!retryable || attempt >= retries) {
        if (res) return res;
        throw error;
      }
      await res?.body?.cancel();
      await sleep(backoffMs(attempt, retryBaseMs), signal);
    }
  }

  private async authorization(req: RegistryRequest): Promise<string | undefined> {
    const token = this.tokens.get(`${req.registry}|${req.scope}`);
    if (token && token.until > Date.now()) return `Bearer ${token.value}`;
    if (this.basicHosts.has(req.registry)) {
      const c = await this.credential(req.registry, req.signal);
      if (c?.kind === 'basic')
        return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
    }
    return undefined;
  }

  /** Sends a registry request, answering one auth challenge. The caller reads (or cancels) the body. */
  async request(req: RegistryRequest): Promise<Response> {
    const url = `${this.baseUrl(req.registry)}${req.path}`;
    const send = async (auth: string | undefined) =>
      this.withRetries(
        req.registry,
        url,
        {
          method: req.method ?? 'GET',
          headers: { ...req.headers, ...(auth ? { authorization: auth } : {}) },
        },
        req.signal,
      );
    const first = await send(await this.authorization(req));
    if (first.status !== 401) return first;
    const challenge = parseChallenge(first.headers.get('www-authenticate'));
    await first.body?.cancel();
    const auth = await this.answerChallenge(req, challenge);
    if (!auth)
      throw new RegistryError(
        `${req.registry}: authentication required and no credentials`,
        401,
        req.registry,
      );
    const second = await send(auth);
    if (second.status === 401 || second.status === 403) {
      await second.body?.cancel();
      throw new RegistryError(
        `${req.registry}: credentials refused (${second.status})`,
        second.status,
        req.registry,
      );
    }
    return second;
  }

  private async answerChallenge(
    req: RegistryRequest,
    challenge: AuthChallenge | undefined,
  ): Promise<string | undefined> {
    const cred = await this.credential(req.registry, req.signal);
    if (challenge?.scheme === 'basic') {
      if (cred?.kind !== 'basic') return undefined;
      this.basicHosts.add(req.registry);
      return `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
    }
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) return undefined;
    const token = await this.fetchToken(req, challenge.params, cred);
    return `Bearer ${token}`;
  }

  /** The Docker registry token flow: GET (anonymous or Basic) or OAuth2 POST (refresh token) to the realm. */
  private async fetchToken(
    req: RegistryRequest,
    params: Record<string, string>,
    cred: RegistryCredential | undefined,
  ): Promise<string> {
    const realm = new URL(params.realm ?? '');
    if (
      realm.protocol !== 'https:' &&
      !(realm.protocol === 'http:' && this.isInsecure(req.registry))
    ) {
      throw new RegistryError(
        `${req.registry}: token realm ${realm.origin} is not HTTPS`,
        0,
        req.registry,
      );
    }
    const scope = params.scope ?? req.scope;
    let res: Response;
    if (cred?.kind === 'refreshToken') {
      const body = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: cred.token,
        service: params.service ?? '',
        scope,
        client_id: 'gated-gate',
      });
      res = await this.withRetries(
        req.registry,
        realm.href,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: body.toString(),
        },
        req.signal,
      );
    } else {
      if (params.service) realm.searchParams.set('service', params.service);
      realm.searchParams.set('scope', scope);
      const headers: Record<string, string> = cred
        ? {
            authorization: `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`,
          }
        : {};
      res = await this.withRetries(req.registry, realm.href, { headers }, req.signal);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new RegistryError(
        `${req.registry}: token endpoint answered ${res.status}`,
        res.status === 401 || res.status === 403 ? 401 : res.status,
        req.registry,
      );
    }
    // The realm is wherever the registry's challenge points, and the registry is whatever an image
    // name says: its answer is read within a bound like a manifest is.
    const body = parseTokenAnswer(await providerAnswerText(req.registry, res));
    const value =
      typeof body.token === 'string'
        ? body.token
        : typeof body.access_token === 'string'
          ? body.access_token
          : undefined;
    if (!value)
      throw new RegistryError(`${req.registry}: token endpoint gave no token`, 502, req.registry);
    // The distribution spec defaults expires_in to 60 s; keep a safety margin.
    const lifetime =
      typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    this.tokens.set(`${req.registry}|${req.scope}`, {
      value,
      until: Date.now() + Math.max(lifetime - 10, 5) * 1000,
    });
    return value;
  }
}

/** The URL without its query (token requests carry scopes and may carry secrets there). */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** A socket error with its code (ECONNREFUSED, ECONNRESET, CERT_HAS_EXPIRED …) for the logs. */
function describe(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? `${err.code}: ` : '';
  return `${code}${typeof err.message === 'string' ? err.message : String(e)}`;
}

interface TokenAnswer {
  token?: unknown;
  access_token?: unknown;
  expires_in?: unknown;
}

/** The token answer's fields, or none when it is not a JSON object (then "gave no token"). */
function parseTokenAnswer(text: string): TokenAnswer {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}
