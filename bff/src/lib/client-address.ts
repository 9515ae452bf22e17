/**
 * Who is on the other end, and did the request arrive over TLS. `X-Forwarded-For` and
 * `X-Forwarded-Proto` are honoured only from a trusted proxy (GATED_TRUST_PROXY in src/env.ts):
 * anyone can send those headers, so trusting them by default would let a client pick its own
 * address (and dodge the login throttle) or claim TLS it does not have.
 */
import { BlockList, isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';

/** Which direct peers may speak for the client: nobody, anybody, or listed addresses/subnets. */
export type TrustedProxies = { kind: 'none' } | { kind: 'all' } | { kind: 'list'; list: BlockList };

/** Parses GATED_TRUST_PROXY: '' → none, '1'/'true' → all, else comma-separated IPs or CIDRs. */
export function parseTrustedProxies(value: string): TrustedProxies {
  const v = value.trim();
  if (v === '' || v === '0' || v === 'false') return { kind: 'none' };
  if (v === '1' || v === 'true') return { kind: 'all' };
  const list = new BlockList();
  for (const entry of v
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address) || (bits !== undefined && !/^\d{1,3}$/.test(bits)))
      throw new Error(`GATED_TRUST_PROXY: "${entry}" is not an IP address or CIDR`);
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return { kind: 'list', list };
}

function isTrusted(proxies: TrustedProxies, address: string | undefined): boolean {
  if (proxies.kind === 'all') return true;
  if (proxies.kind === 'none' || !address) return false;
  const plain = address.replace(/^::ffff:(?=\d+\.)/, '');
  return proxies.list.check(plain, isIP(plain) === 6 ? 'ipv6' : 'ipv4');
}

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string; encrypted?: boolean } };
}

function socketOf(c: Context<AppEnv>) {
  return (c.env as NodeBindings | undefined)?.incoming?.socket;
}

function proxies(c: Context<AppEnv>): TrustedProxies {
  return c.get('deps').config.trustProxy;
}

/** The client's address: the socket peer, or the nearest untrusted hop of X-Forwarded-For. */
export function clientAddress(c: Context<AppEnv>): string {
  const peer = socketOf(c)?.remoteAddress ?? 'unknown';
  const trust = proxies(c);
  if (!isTrusted(trust, peer)) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => isIP(h));
  for (const hop of hops.reverse()) {
    if (trust.kind === 'all' || !isTrusted(trust, hop)) return hop;
  }
  return peer;
}

/** True when the request reached us over TLS, or a trusted proxy says it reached it over TLS. */
export function arrivedOverTls(c: Context<AppEnv>): boolean {
  const socket = socketOf(c);
  if ((socket as TLSSocket | undefined)?.encrypted) return true;
  if (!isTrusted(proxies(c), socket?.remoteAddress)) return false;
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return proto === 'https';
}
