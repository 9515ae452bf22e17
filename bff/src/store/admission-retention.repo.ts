/**
 * Retention of admission events (docs/decisions/122-event-retention.md): rows last seen before a
 * cut-off go in small batches, each its own short transaction, with their aliases and claimed ids,
 * so ingest never waits behind one long delete.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from './db.js';
import { inTransaction } from './transaction.js';

/** Deletes up to `limit` events last seen before `before`; returns how many went. */
export async function pruneAdmissionBatch(db: Db, before: Date, limit: number): Promise<number> {
  const rows = await inTransaction(db, (tx) =>
    queryRows<{ n: string | number }>(
      tx,
      sql`WITH doomed AS (
            SELECT id FROM admission_events WHERE last_seen_at < ${before.toISOString()}::timestamptz
            ORDER BY last_seen_at LIMIT ${limit}),
          gone AS (DELETE FROM admission_events a USING doomed d WHERE a.id = d.id RETURNING a.id),
          aliases AS (DELETE FROM admission_event_aliases al USING gone g WHERE al.event_id = g.id
            RETURNING al.alias_id),
          ids AS (DELETE FROM admission_event_ids i
            WHERE i.id IN (SELECT id FROM gone UNION ALL SELECT alias_id FROM aliases) RETURNING 1)
          SELECT (SELECT count(*) FROM gone) AS n, (SELECT count(*) FROM ids) AS ids`,
    ),
  );
  return Number(rows[0]?.n ?? 0);
}

export interface AdmissionStoreFacts {
  events: number;
  /** Oldest last-seen time kept; null when empty. */
  oldest: string | null;
}

export async function admissionStoreFacts(db: Db): Promise<AdmissionStoreFacts> {
  const [row] = await queryRows<{ events: string | number; oldest: string | Date | null }>(
    db,
    sql`SELECT count(*) AS events, min(last_seen_at) AS oldest FROM admission_events`,
  );
  return {
    events: Number(row?.events ?? 0),
    oldest: row?.oldest ? new Date(row.oldest).toISOString() : null,
  };
}
