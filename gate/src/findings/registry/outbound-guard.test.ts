import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { selfSignedKeyPair } from '../../tls/certificates.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OciClient } from './oci-client.js';
import { classifyAddress, resolveChecked } from './outbound-address.js';
import type { OciClientOptions, TransportErrorEntry } from './registry-options.js';
import { startConnectionCounter, type ConnectionCounter } from './testing/connection-counter.js';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['169.254.169.254', 'metadata'],
    ['169.254.10.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['64:ff9b::10.0.0.1', 'private'],
    // `[::127.0.0.1]` in a URL becomes `::7f00:1`; translated and local-use NAT64 forms too.
    [new URL('http://[::127.0.0.1]/').hostname.slice(1, -1), 'loopback'],
    ['::7f00:1', 'loopback'],
    ['::a00:1', 'private'],
    ['::ffff:0:7f00:1', 'loopback'],
    ['::ffff:0:169.254.169.254', 'metadata'],
    ['64:ff9b:1::a00:1', 'reserved'],
  ])('%s is %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(classifyAddress(address)).toBeUndefined();
    },
  );

  it('refuses a name when any of its addresses is internal, unless its host:port is listed', async () => {
    const resolver = () =>
      Promise.resolve([
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ]);
    const url = new URL('https://mixed.example.test/v2/');
    await expect(resolveChecked(url, [], resolver)).rejects.toThrow(/10\.0\.0\.7 \(private\)/);
    await expect(resolveChecked(url, ['mixed.example.test:443'], resolver)).resolves.toEqual({
      address: '93.184.215.14',
      family: 4,
    });
  });
});

/**
 * A loopback registry the tests allow (listed insecure) that redirects elsewhere, plus a second allowed
 * one it may redirect to, and a connection counter standing in for an internal service.
 */
describe('outbound guard against real loopback servers', () => {
  let internal: ConnectionCounter;
  let registryHost = '';
  let otherHost = '';
  let seenAuthorization: (string | undefined)[] = [];
  const digest = `sha256:${'a'.repeat(64)}`;

  const other = createServer((req: IncomingMessage, res: ServerResponse) => {
    seenAuthorization.push(req.headers.authorization);
    res.writeHead(200, { 'docker-content-digest': digest }).end();
  });
  const registry = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    if (url.startsWith('/v2/redir/'))
      res.writeHead(302, { location: `http://${internal.host}/internal` }).end();
    else if (url.startsWith('/v2/redir-tls/'))
      res.writeHead(301, { location: `https://${internal.host}/internal` }).end();
    else if (url.startsWith('/v2/loop/')) res.writeHead(302, { location: url }).end();
    else if (url.startsWith('/v2/moved/') && !req.headers.authorization)
      res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' }).end();
    else if (url.startsWith('/v2/moved/'))
      res.writeHead(307, { location: `http://${otherHost}${url}` }).end();
    else res.writeHead(404).end();
  });
  const listen = async (s: ReturnType<typeof createServer>) => {
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const addr = s.address();
    return `127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  };

  beforeAll(async () => {
    internal = await startConnectionCounter();
    registryHost = await listen(registry);
    otherHost = await listen(other);
  });
  afterAll(async () => {
    await internal.stop();
    for (const s of [registry, other]) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  const client = (extra: OciClientOptions = {}) => {
    const log: TransportErrorEntry[] = [];
    const c = new OciClient({
      insecureRegistries: [registryHost, otherHost],
      retries: 0,
      timeoutMs: 2000,
      onTransportError: (e) => log.push(e),
      ...extra,
    });
    return { c, log };
  };

  it('an image name naming a loopback port that is not an allowed registry makes no connection', async () => {
    const { c, log } = client();
    for (const insecure of [false, true]) {
      const { c: withList } = client(insecure ? { insecureRegistries: [registryHost] } : {});
      await expect(withList.resolveTag(internal.host, 'x/y', '1')).rejects.toThrow(
        `${internal.host}: registry unreachable`,
      );
    }
    await expect(c.getManifest(internal.host, 'x/y', '1')).rejects.toThrow(/registry unreachable/);
    expect(internal.connections()).toBe(0);
    expect(log[0]).toMatchObject({ registry: internal.host, refused: true });
    expect(log[0]?.detail).toMatch(/127\.0\.0\.1 \(loopback\)/);
  });

  it('a DNS name resolving to loopback is refused too, before connecting', async () => {
    const { c, log } = client({
      resolver: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
    });
    await expect(c.resolveTag(`evil.example.test:${internal.port}`, 'x/y', '1')).rejects.toThrow(
      /registry unreachable/,
    );
    expect(internal.connections()).toBe(0);
    expect(log[0]?.refused).toBe(true);
  });

  it('connects to the checked address itself (pinned), not to a second lookup', async () => {
    // The system resolver does not know this name: only the checked, pinned address can be reached.
    const name = `pinned.example.test:${otherHost.split(':')[1]}`;
    const { c } = client({
      insecureRegistries: [name],
      resolver: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
    });
    expect(await c.resolveTag(name, 'app', 'v1')).toBe(digest);
  });

  it('a redirect to an internal plain-HTTP URL is refused and never fetched', async () => {
    const { c, log } = client();
    await expect(c.getManifest(registryHost, 'redir', 'v1')).rejects.toThrow(
      `${registryHost}: registry unreachable`,
    );
    await expect(c.getManifest(registryHost, 'redir-tls', 'v1')).rejects.toThrow(
      /registry unreachable/,
    );
    expect(internal.connections()).toBe(0);
    expect(log.map((e) => e.detail)).toEqual([
      expect.stringMatching(/redirect to plain HTTP .* not an insecure registry/),
      expect.stringMatching(/resolves to 127\.0\.0\.1 \(loopback\), which is not an allowed/),
    ]);
  });

  it('gives up after the redirect hop limit', async () => {
    const { c, log } = client();
    await expect(c.getManifest(registryHost, 'loop', 'v1')).rejects.toThrow(/registry unreachable/);
    expect(log[0]?.detail).toMatch(/more than 5 redirects/);
  });

  it('follows a redirect to another allowed registry, without the credentials', async () => {
    seenAuthorization = [];
    const { c } = client({
      credentials: [
        {
          name: 'static',
          credentialFor: () => Promise.resolve({ kind: 'basic', username: 'u', password: 'p' }),
        },
      ],
    });
    expect(await c.resolveTag(registryHost, 'moved', 'v1')).toBe(digest);
    expect(seenAuthorization).toEqual([undefined]);
  });
});

/** An HTTPS registry on loopback (allowed, its certificate trusted) that tries to downgrade. */
describe('outbound guard: HTTPS is never downgraded', () => {
  let plainHost = '';
  let tlsHost = '';
  let plainHits = 0;
  const plain = createServer((_req, res) => {
    plainHits++;
    res.writeHead(200, { 'docker-content-digest': `sha256:${'b'.repeat(64)}` }).end();
  });
  let tls: ReturnType<typeof createTlsServer> | undefined;
  let ca = '';

  beforeAll(async () => {
    const pair = await selfSignedKeyPair();
    ca = pair.cert;
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const p = plain.address();
    plainHost = `127.0.0.1:${typeof p === 'object' && p ? p.port : 0}`;
    const server = createTlsServer(pair, (req, res) => {
      const url = req.url ?? '';
      if (url.startsWith('/v2/down/'))
        res.writeHead(302, { location: `http://${plainHost}${url}` });
      else if (url.startsWith('/v2/realm/'))
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="http://${plainHost}/token",service="x"`,
        });
      else res.writeHead(200, { 'docker-content-digest': `sha256:${'c'.repeat(64)}` });
      res.end();
    });
    tls = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const t = server.address();
    tlsHost = `127.0.0.1:${typeof t === 'object' && t ? t.port : 0}`;
  });
  afterAll(async () => {
    for (const s of [plain, tls]) {
      s?.closeAllConnections();
      await new Promise((r) => s?.close(r));
    }
  });

  const client = (log: TransportErrorEntry[]) =>
    new OciClient({
      // The plain server is even listed insecure: a downgrade is refused all the same.
      insecureRegistries: [plainHost],
      allowedPrivateRegistries: [tlsHost],
      trustedCaPem: [ca],
      retries: 0,
      onTransportError: (e) => log.push(e),
    });

  it('the HTTPS registry itself works (allowed, trusted)', async () => {
    expect(await client([]).resolveTag(tlsHost, 'ok', 'v1')).toBe(`sha256:${'c'.repeat(64)}`);
  });

  it('a redirect from HTTPS to plain HTTP is refused before fetching it', async () => {
    const log: TransportErrorEntry[] = [];
    await expect(client(log).resolveTag(tlsHost, 'down', 'v1')).rejects.toThrow(
      `${tlsHost}: registry unreachable`,
    );
    expect(log[0]?.detail).toMatch(/redirect from HTTPS to http:\/\/127\.0\.0\.1:\d+ refused/);
    expect(plainHits).toBe(0);
  });

  it('a plain-HTTP token realm for an HTTPS registry is refused', async () => {
    await expect(client([]).resolveTag(tlsHost, 'realm', 'v1')).rejects.toThrow(/is not HTTPS/);
    expect(plainHits).toBe(0);
  });
});
