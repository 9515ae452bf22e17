/**
 * /readyz against a PostgreSQL that goes away: the BFF reaches PostgreSQL through a TCP relay the
 * test owns; closing the relay is the database going down (a URL to a closed port, for real).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_ADMIN_URL, freshPostgresSchema, storesUnderTest } from '../../testing/test-stores.js';
import { startTestBff, type TestBff } from '../../testing/test-bff.js';

const kinds = await storesUnderTest();

/** Relays 127.0.0.1:<port> to the test PostgreSQL until closed. */
async function startRelay(): Promise<{ port: number; close(): Promise<void> }> {
  const target = new URL(PG_ADMIN_URL);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// PostgreSQL is in `kinds` whenever it is reachable, and always under CI (unreachable = failure).
describe.each(kinds.filter((kind) => kind === 'postgres'))('/readyz with %s going down', () => {
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let t: TestBff;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    relay = await startRelay();
    const schema = await freshPostgresSchema();
    drop = schema.drop;
    const url = new URL(schema.url);
    url.hostname = '127.0.0.1';
    url.port = String(relay.port);
    t = await startTestBff('embedded', { DATABASE_URL: url.toString() });
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await drop?.();
  });

  it('answers 200 while the database is up, 503 with a reason once it is down', async () => {
    expect(t.bff.store.kind).toBe('postgres');
    const up = await t.request('/readyz');
    expect(up.status).toBe(200);
    await relay.close();
    const down = await t.request('/readyz');
    expect(down.status).toBe(503);
    const body = (await down.json()) as { status: string; reason: string };
    expect(body.status).toBe('unready');
    expect(body.reason).toMatch(/database (unreachable|did not answer)/);
    // The process itself is still alive.
    expect((await t.request('/healthz')).status).toBe(200);
  });
});
