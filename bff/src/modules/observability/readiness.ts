/**
 * Readiness: the store answers and every migration this build knows is applied. A probe that
 * hangs counts as down, so a blackholed database turns the pod unready instead of stalling it.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../store/db.js';
import { MIGRATIONS } from '../../store/migrate.js';

export type Readiness =
  { ready: true; schemaVersion: number } | { ready: false; reason: string; schemaVersion?: number };

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

export async function checkReadiness(db: Db, timeoutMs = 2000): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(
      () => resolve({ ready: false, reason: `database did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const probe = (async (): Promise<Readiness> => {
    try {
      const rows = await queryRows<{ version: number | null }>(
        db,
        sql`SELECT max(version) AS version FROM schema_migrations`,
      );
      const version = Number(rows[0]?.version ?? 0);
      return version >= LATEST
        ? { ready: true, schemaVersion: version }
        : {
            ready: false,
            reason: `migrations pending (at ${version}, need ${LATEST})`,
            schemaVersion: version,
          };
    } catch (e) {
      return {
        ready: false,
        reason: `database unreachable: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  })();
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Bytes of the current database (PostgreSQL and PGlite both answer pg_database_size). */
export async function storeBytes(db: Db): Promise<number | null> {
  const rows = await queryRows<{ bytes: string | number }>(
    db,
    sql`SELECT pg_database_size(current_database()) AS bytes`,
  );
  const bytes = Number(rows[0]?.bytes);
  return Number.isFinite(bytes) ? bytes : null;
}
