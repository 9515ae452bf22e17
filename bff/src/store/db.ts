/**
 * The store: embedded PGlite in `<dataDir>/pglite` by default, or a node-postgres Pool when a
 * DATABASE_URL is given. Both speak PostgreSQL, so one drizzle schema and one migration set serve both.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { migrate } from './migrate.js';

/** Drizzle over either driver; transactions (`db.transaction(tx => …)`) hand out the same type. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Store {
  kind: 'embedded' | 'postgres';
  db: Db;
  /** The PostgreSQL connection string (the policy notifier opens its own LISTEN connection). */
  databaseUrl?: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL connection string; the embedded store when absent. */
  databaseUrl?: string | undefined;
  /** Data folder of the embedded store (`<dataDir>/pglite`); in-memory when absent. */
  dataDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** Told when the server ends an idle pooled connection (the pool reconnects on the next query). */
  onConnectionLost?: (error: Error) => void;
}

/** PGlite's contrib extensions the migrations use: pg_trgm for the filter indexes (0091). */
export const EMBEDDED_EXTENSIONS = { pg_trgm };

/** Opens the store and applies pending migrations. */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
    });
    // An idle pooled connection the server ends (restart, failover, pg_terminate_backend) emits
    // 'error' on the pool; without a listener that is an uncaught exception that kills the BFF.
    // The pool drops the client and the next query opens a new connection.
    const onConnectionLost =
      options.onConnectionLost ??
      ((error: Error) => {
        process.stderr.write(`database connection lost (the pool reconnects): ${error.message}\n`);
      });
    pool.on('error', onConnectionLost);
    // A checked-out client has no pool listener: if its connection ends, pg emits 'error' on the
    // client as well as failing the query in flight, and that second copy would be uncaught. The
    // caller sees the failed query; the pool drops the client when it is released.
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    const client = await pool.connect();
    try {
      await migrate({
        exec: async (text) => {
          await client.query(text);
        },
        query: async <T>(text: string, params?: unknown[]) =>
          (await client.query(text, params)).rows as T[],
      });
    } finally {
      client.release();
    }
    const db: Db = drizzleNodePg(pool);
    return {
      kind: 'postgres',
      db,
      databaseUrl: options.databaseUrl,
      close: () => pool.end(),
    };
  }
  let dir: string | undefined;
  let lock: DataDirLock | undefined;
  if (options.dataDir) {
    dir = path.resolve(options.dataDir, 'pglite');
    // PGlite only creates the last path segment (docs/stack-notes.md#pglite).
    mkdirSync(dir, { recursive: true });
    // Before PGlite reads anything: a second process on the folder must not even open it.
    lock = lockDataDir(options.dataDir);
  }
  try {
    const extensions = EMBEDDED_EXTENSIONS;
    const client = dir ? new PGlite(dir, { extensions }) : new PGlite({ extensions });
    await client.waitReady;
    await migrate({
      exec: async (text) => {
        await client.exec(text);
      },
      query: async <T>(text: string, params?: unknown[]) =>
        (await client.query<T>(text, params)).rows,
    });
    const db: Db = drizzlePglite(client);
    return {
      kind: 'embedded',
      db,
      close: async () => {
        try {
          await client.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
}

/** Runs raw SQL and returns its rows (both drivers answer `{ rows }`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
