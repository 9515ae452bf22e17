/**
 * The stores every integration suite runs against: embedded PGlite (in memory) and PostgreSQL at
 * 127.0.0.1:5432 in a fresh schema per run. With CI set, PostgreSQL is mandatory: an unreachable
 * server fails the run instead of dropping the suite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../store/db.js';
import { testEnv } from './env.js';

export const PG_ADMIN_URL = testEnv.pgUrl;

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type StoreKind = 'embedded' | 'postgres';

/** Which stores to run: both when PostgreSQL answers or CI is set (then a failure to connect fails the tests). */
export async function storesUnderTest(): Promise<StoreKind[]> {
  if (testEnv.ci || (await postgresReachable())) return ['embedded', 'postgres'];
  console.warn(
    'PostgreSQL at 127.0.0.1:5432 is not reachable and CI is not set: running the embedded store only',
  );
  return ['embedded'];
}

/** A fresh schema for one run; returns its DATABASE_URL and a drop function. */
export async function freshPostgresSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `gated_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/**
 * A migrated store of `kind` for a suite that talks to the repository directly: in memory, or in a
 * fresh PostgreSQL schema. `close` closes it and drops the schema.
 */
export async function openTestStore(
  kind: StoreKind,
): Promise<{ store: Store; close: () => Promise<void> }> {
  if (kind === 'embedded') {
    const store = await openStore({});
    return { store, close: () => store.close() };
  }
  const schema = await freshPostgresSchema();
  const store = await openStore({ databaseUrl: schema.url, poolSize: 2 });
  return {
    store,
    close: async () => {
      await store.close();
      await schema.drop();
    },
  };
}
