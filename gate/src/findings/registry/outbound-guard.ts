/**
 * The only way registry and token requests leave the process. Each hop's host is resolved and checked
 * (outbound-address.ts), the socket connects to exactly the checked address (a pinned `lookup`, so DNS
 * rebinding between check and connect cannot redirect it), and redirects are followed by hand: each
 * hop re-checked, never HTTPS → HTTP, plain HTTP only to registries listed insecure, credentials
 * dropped when the origin changes. docs/decisions/060-outbound-guard.md.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { webHeadersOf } from '../../web-headers.js';
import {
  isListed,
  OutboundRefusedError,
  resolveChecked,
  type ResolvedTarget,
  type Resolver,
} from './outbound-address.js';

export interface OutboundPolicy {
  /** `host:port` entries that may resolve to internal addresses (allow-list plus insecure registries). */
  allowed: readonly string[];
  /** `host:port` entries reached over plain HTTP (GATE_INSECURE_REGISTRIES). */
  insecure: readonly string[];
  /** Redirects followed per request. Default 5. */
  maxRedirects?: number;
  /** DNS resolution (tests may answer rebinding-style sequences). Default: the system resolver. */
  resolver?: Resolver;
  /** Extra trusted CA certificates (PEM) for HTTPS registries; default: Node's bundle. */
  ca?: readonly string[];
}

export interface OutboundInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 204, 205, 304]);
const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

function pinned(target: ResolvedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

function send(
  url: URL,
  target: ResolvedTarget,
  init: OutboundInit,
  headers: Record<string, string>,
  ca: readonly string[] | undefined,
): Promise<http.IncomingMessage> {
  const tls = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (tls ? https : http).request(
      url,
      {
        method: init.method ?? 'GET',
        headers,
        agent: tls ? httpsAgent : httpAgent,
        lookup: pinned(target),
        ...(tls && ca ? { ca: [...ca] } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      },
      resolve,
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

function toResponse(res: http.IncomingMessage, method: string): Response {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 599) {
    res.destroy();
    throw new Error(`unusable HTTP status ${status}`);
  }
  const headers = webHeadersOf(res);
  if (method === 'HEAD' || NULL_BODY.has(status)) {
    res.resume();
    return new Response(null, { status, headers });
  }
  return new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status, headers });
}

/**
 * `fetch` for registries: resolves, checks and pins every hop. Throws `OutboundRefusedError` for a
 * refused address or redirect, and the socket's own error when the connection fails.
 */
export async function guardedFetch(
  start: string,
  init: OutboundInit,
  policy: OutboundPolicy,
): Promise<Response> {
  let url = new URL(start);
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body;
  let headers: Record<string, string> = { ...init.headers };
  const maxRedirects = policy.maxRedirects ?? 5;
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new OutboundRefusedError(`${url.protocol} URLs are not fetched`);
    if (url.username || url.password)
      throw new OutboundRefusedError(`${url.host}: URLs with credentials are not fetched`);
    const target = await resolveChecked(url, policy.allowed, policy.resolver);
    init.signal?.throwIfAborted();
    const res = await send(
      url,
      target,
      { ...init, method, ...(body ? { body } : {}) },
      headers,
      policy.ca,
    );
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return toResponse(res, method);
    res.resume();
    if (hop >= maxRedirects)
      throw new OutboundRefusedError(`${url.host}: more than ${maxRedirects} redirects`);
    const next = new URL(location, url);
    if (url.protocol === 'https:' && next.protocol === 'http:')
      throw new OutboundRefusedError(`${url.host}: redirect from HTTPS to ${next.origin} refused`);
    if (next.protocol === 'http:' && !isListed(next, policy.insecure))
      throw new OutboundRefusedError(
        `${url.host}: redirect to plain HTTP ${next.origin}, which is not an insecure registry`,
      );
    // As fetch does: 303 (and 301/302 after POST) become GET without a body.
    const status = res.statusCode ?? 0;
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
      headers = Object.fromEntries(
        Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-type'),
      );
    }
    // Registry tokens and Basic credentials never go to another origin (blob storage redirects).
    if (next.origin !== url.origin)
      headers = Object.fromEntries(
        Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'),
      );
    url = next;
  }
}

/**
 * The guard behind a `fetch` signature, for credential providers whose endpoints derive from the
 * registry host (ACR's `/oauth2/exchange`). Bodies are strings, byte arrays or URLSearchParams.
 */
export function guardedFetchFunction(policy: OutboundPolicy): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const raw = init?.body;
    let body: string | Uint8Array | undefined;
    if (raw === undefined || raw === null) body = undefined;
    else if (typeof raw === 'string' || raw instanceof Uint8Array) body = raw;
    else if (raw instanceof URLSearchParams) body = raw.toString();
    else throw new TypeError('guardedFetchFunction: unsupported body type');
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    if (raw instanceof URLSearchParams)
      headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    return guardedFetch(
      url,
      {
        method: init?.method ?? 'GET',
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(init?.signal ? { signal: init.signal } : {}),
      },
      policy,
    );
  };
}
