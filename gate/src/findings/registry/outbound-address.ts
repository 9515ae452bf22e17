/**
 * Which addresses an outbound registry request may reach. Image names come from anyone who can create
 * a workload, so a name like `127.0.0.1:5432/x/y:1` or a DNS name resolving to a private address must
 * not make the gate or the BFF connect inside its own network. Only operator-listed `host:port`
 * entries may be internal (docs/decisions/060-outbound-guard.md).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Why an address is not public; `undefined` for a public unicast address. */
export type AddressClass =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'shared (CGNAT)'
  | 'multicast'
  | 'reserved';

const v4: [string, number, AddressClass][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.169.254', 32, 'metadata'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const v6: [string, number, AddressClass][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fd00:ec2::254', 128, 'metadata'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'],
  ['ff00::', 8, 'multicast'],
  ['100::', 64, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
  // Forms that carry IPv4 and are not matched to an IPv4 address below: what is left of the
  // IPv4-compatible and IPv4-translated ranges, and NAT64's local-use prefix (RFC 8215), which
  // an operator's own translator maps to whatever it chooses, its internal network included.
  ['::', 96, 'reserved'],
  ['::ffff:0:0:0', 96, 'reserved'],
  ['64:ff9b:1::', 48, 'reserved'],
];

// One BlockList per class, checked most specific first (metadata before link-local / private).
const lists = new Map<AddressClass, BlockList>();
for (const [net, prefix, cls] of v4) {
  const list = lists.get(cls) ?? new BlockList();
  list.addSubnet(net, prefix, 'ipv4');
  lists.set(cls, list);
}
for (const [net, prefix, cls] of v6) {
  const list = lists.get(cls) ?? new BlockList();
  list.addSubnet(net, prefix, 'ipv6');
  lists.set(cls, list);
}
const order: AddressClass[] = [
  'metadata',
  'unspecified',
  'loopback',
  'link-local',
  'private',
  'shared (CGNAT)',
  'multicast',
  'reserved',
];

/**
 * IPv4 carried inside IPv6: mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, IPv4-compatible
 * `::a.b.c.d` and IPv4-translated `::ffff:0:a.b.c.d`, dotted or in hex. The URL parser writes
 * `[::127.0.0.1]` as `::7f00:1`, so the hex forms matter as much as the dotted ones.
 */
function embeddedV4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const m = /^(?:::ffff:|64:ff9b::|::ffff:0:|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (m?.[1]) return m[1];
  const hex = /^(?:::ffff:|64:ff9b::|::ffff:0:|::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return undefined;
}

/** The class of a literal IP address; `undefined` when it is public unicast. */
export function classifyAddress(address: string): AddressClass | undefined {
  const family = isIP(address);
  if (family === 0) return 'reserved';
  const inner = family === 6 ? embeddedV4(address) : undefined;
  const ip = inner ?? address;
  const type = inner || family === 4 ? 'ipv4' : 'ipv6';
  return order.find((cls) => lists.get(cls)?.check(ip, type));
}

/** An outbound request the guard refused before connecting. `detail` is for logs only. */
export class OutboundRefusedError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'OutboundRefusedError';
  }
}

export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** `host:port` of a URL with the port always written (`registry.example:443`). */
export function hostPortOf(url: URL): string {
  const port = url.port || (url.protocol === 'http:' ? '80' : '443');
  return `${url.hostname}:${port}`;
}

/** True when an operator-listed entry names this URL's host:port (an entry without port means the default one). */
export function isListed(url: URL, entries: readonly string[]): boolean {
  const full = hostPortOf(url).toLowerCase();
  const short = url.host.toLowerCase();
  return entries.some((e) => {
    const entry = e.trim().toLowerCase();
    return entry === full || entry === short;
  });
}

/**
 * Resolves the URL's host (every address) and answers the one to connect to. Refuses when any address
 * is not public, unless `allowed` names the host:port. The caller connects to exactly this address.
 */
export async function resolveChecked(
  url: URL,
  allowed: readonly string[],
  resolver: Resolver = systemResolver,
): Promise<ResolvedTarget> {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(hostname);
  let addresses: { address: string; family: number }[];
  if (literal) addresses = [{ address: hostname, family: literal }];
  else {
    try {
      addresses = await resolver(hostname);
    } catch (e) {
      throw new OutboundRefusedError(`${hostname}: DNS lookup failed (${(e as Error).message})`);
    }
  }
  const first = addresses[0];
  if (!first) throw new OutboundRefusedError(`${hostname}: DNS lookup gave no address`);
  if (!isListed(url, allowed)) {
    for (const a of addresses) {
      const cls = classifyAddress(a.address);
      if (cls)
        throw new OutboundRefusedError(
          `${hostPortOf(url)} resolves to ${a.address} (${cls}), which is not an allowed registry`,
        );
    }
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
