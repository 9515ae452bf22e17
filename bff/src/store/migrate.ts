/**
 * Versioned migrations, applied at start inside one transaction under an advisory lock, so several
 * replicas starting together on PostgreSQL apply each version exactly once.
 */
import { sql as v1 } from './migrations/0001-init.js';
import { sql as v2 } from './migrations/0002-event-count-bigint.js';
import { run as v30run, sql as v30 } from './migrations/0030-name-keys-and-token-scopes.js';
import { sql as v50 } from './migrations/0050-vex-documents.js';
import { sql as v51 } from './migrations/0051-trusted-signers.js';
import { sql as v60 } from './migrations/0060-catalogues.js';
import { sql as v70 } from './migrations/0070-notifications.js';
import { sql as v80 } from './migrations/0080-oidc-users.js';
import { sql as v90 } from './migrations/0090-admission-aliases.js';
import { sql as v91 } from './migrations/0091-admission-filter-indexes.js';
import { sql as v92 } from './migrations/0092-fold-index-without-dry-runs.js';
import { sql as v100 } from './migrations/0100-audit-log-indexes.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** A step SQL cannot express (a backfill computed in JS), run after `sql` in the same transaction. */
  run?: (conn: MigrationConnection) => Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: v1 },
  { version: 2, name: 'event-count-bigint', sql: v2 },
  { version: 30, name: 'name-keys-and-token-scopes', sql: v30, run: v30run },
  // 50–59 belong to findings trust (VEX, signers, catalogues), so parallel branches never reuse a number.
  { version: 50, name: 'vex-documents', sql: v50 },
  { version: 51, name: 'trusted-signers', sql: v51 },
  { version: 60, name: 'catalogues', sql: v60 },
  { version: 70, name: 'notifications', sql: v70 },
  { version: 80, name: 'oidc-users', sql: v80 },
  // 90–99 belong to admission monitoring (aliases, retention, filter indexes).
  { version: 90, name: 'admission-aliases', sql: v90 },
  { version: 91, name: 'admission-filter-indexes', sql: v91 },
  { version: 92, name: 'fold-index-without-dry-runs', sql: v92 },
  // 100–109 belong to rule details and the audit log.
  { version: 100, name: 'audit-log-indexes', sql: v100 },
];

/** A single connection that runs SQL text (several statements allowed) and simple queries. */
export interface MigrationConnection {
  exec(text: string): Promise<void>;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

/** Applies the migrations the store has not seen yet; returns the versions applied. */
export async function migrate(conn: MigrationConnection): Promise<number[]> {
  const applied: number[] = [];
  await conn.exec('BEGIN');
  try {
    // Arbitrary constant key: serialises concurrent starts of several replicas.
    await conn.exec('SELECT pg_advisory_xact_lock(724011)');
    await conn.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const rows = await conn.query<{ version: number }>('SELECT version FROM schema_migrations');
    const seen = new Set(rows.map((r) => Number(r.version)));
    for (const m of MIGRATIONS) {
      if (seen.has(m.version)) continue;
      await conn.exec(m.sql);
      if (m.run) await m.run(conn);
      await conn.exec(
        `INSERT INTO schema_migrations (version, name) VALUES (${m.version}, '${m.name}')`,
      );
      applied.push(m.version);
    }
    await conn.exec('COMMIT');
  } catch (e) {
    await conn.exec('ROLLBACK');
    throw e;
  }
  return applied;
}
