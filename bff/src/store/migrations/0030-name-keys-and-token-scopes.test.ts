/**
 * Migration 30 on a store that has version 1 data: every rule gets its name key, rules whose
 * names only now collide are all kept (distinct keys), the unique index then holds, and old
 * tokens keep every scope. Both stores.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_EXTENSIONS } from '../db.js';
import { migrate, type MigrationConnection } from '../migrate.js';
import { freshPostgresSchema, storesUnderTest, type StoreKind } from '../../testing/test-stores.js';
import { sql as v1 } from './0001-init.js';

const kinds = await storesUnderTest();

async function connect(kind: StoreKind) {
  if (kind === 'embedded') {
    const db = new PGlite({ extensions: EMBEDDED_EXTENSIONS });
    await db.waitReady;
    const conn: MigrationConnection = {
      exec: async (t) => {
        await db.exec(t);
      },
      query: async <T>(t: string, p?: unknown[]) => (await db.query<T>(t, p)).rows,
    };
    return { conn, close: () => db.close() };
  }
  const schema = await freshPostgresSchema();
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  const conn: MigrationConnection = {
    exec: async (t) => {
      await client.query(t);
    },
    query: async <T>(t: string, p?: unknown[]) => (await client.query(t, p)).rows as T[],
  };
  return {
    conn,
    close: async () => {
      await client.end();
      await schema.drop();
    },
  };
}

const rule = (id: string, name: string, minute: number) =>
  `INSERT INTO rules VALUES ('${id}', lower('${name}'), '{"name":"${name}"}', 1, '2030-01-01T00:${String(minute).padStart(2, '0')}:00Z', 'a', '2030-01-01T00:00:00Z', 'a')`;

describe.each(kinds)('migration 30 on %s', (kind) => {
  it('backfills name keys without losing look-alike rules, then enforces them', async () => {
    const { conn, close } = await connect(kind);
    try {
      await conn.exec(v1);
      await conn.exec(
        "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO schema_migrations (version, name) VALUES (1, 'init')",
      );
      await conn.exec(rule('00000000-0000-4000-8000-000000000001', 'Deny prod', 1));
      await conn.exec(rule('00000000-0000-4000-8000-000000000002', 'Deny\u00a0prod', 2));
      await conn.exec(rule('00000000-0000-4000-8000-000000000003', 'Audit dev', 3));
      await conn.exec(
        "INSERT INTO users VALUES ('admin', 'x', 'SecurityAdmin', now()); INSERT INTO api_tokens (id, username, name, prefix, token_hash, created_at) VALUES ('00000000-0000-4000-8000-0000000000aa', 'admin', 'old', 'gdp_x', 'h', now())",
      );
      expect(await migrate(conn)).toContain(30);
      const rows = await conn.query<{ id: string; name_key: string }>(
        'SELECT id, name_key FROM rules ORDER BY id',
      );
      expect(rows.map((r) => r.name_key)).toEqual([
        'deny prod',
        'deny prod #00000000-0000-4000-8000-000000000002',
        'audit dev',
      ]);
      await expect(
        conn.exec(
          "INSERT INTO rules VALUES ('00000000-0000-4000-8000-000000000004', 'audit dev', '{}', 1, now(), 'a', now(), 'a')",
        ),
      ).rejects.toThrow();
      const [token] = await conn.query<{ scopes: unknown }>('SELECT scopes FROM api_tokens');
      expect(token?.scopes).toEqual(['read', 'write', 'findings:upload', 'gate']);
      expect(await migrate(conn)).toEqual([]);
    } finally {
      await close();
    }
  });
});
