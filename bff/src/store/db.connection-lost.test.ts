/**
 * PostgreSQL ends an idle pooled connection (restart, failover, pg_terminate_backend): the pool
 * emits 'error', which without a listener is an uncaught exception that kills the BFF (seen in CI
 * as "Connection terminated unexpectedly"). The store reports it and the next query reconnects.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresSchema, PG_ADMIN_URL, storesUnderTest } from '../testing/test-stores.js';
import { openStore, queryRows, type Store } from './db.js';
import { inTransaction } from './transaction.js';

const postgres = (await storesUnderTest()).filter((kind) => kind === 'postgres');

describe.each(postgres)('the %s store after the server ends an idle connection', () => {
  let store: Store;
  let drop: () => Promise<void>;
  const lost: Error[] = [];
  let reported: () => void = () => undefined;
  const reportedOnce = new Promise<void>((resolve) => (reported = resolve));

  beforeAll(async () => {
    const schema = await freshPostgresSchema();
    drop = schema.drop;
    store = await openStore({
      databaseUrl: schema.url,
      poolSize: 1,
      onConnectionLost: (error) => {
        lost.push(error);
        reported();
      },
    });
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  const pidOf = async (db: Store['db']) => {
    const [row] = await queryRows<{ pid: number }>(db, sql`SELECT pg_backend_pid() AS pid`);
    if (!row) throw new Error('no backend pid');
    return row.pid;
  };
  const backendPid = () => pidOf(store.db);

  const terminate = async (pid: number) => {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
  };

  it('reports the lost connection and answers the next query on a new one', async () => {
    const before = await backendPid();
    await terminate(before);
    await reportedOnce;
    expect(lost[0]?.message).toMatch(/terminat/i);
    const after = await backendPid();
    expect(after).not.toBe(before);
  });

  it('fails the transaction whose connection ends mid-way, and the store keeps answering', async () => {
    const ended = inTransaction(store.db, async (tx) => {
      await terminate(await pidOf(tx));
      // The client is checked out here; its 'error' must not escape as an uncaught exception.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.execute(sql`SELECT 1`);
    });
    await expect(ended).rejects.toThrow();
    expect(await backendPid()).toBeGreaterThan(0);
  });
});
