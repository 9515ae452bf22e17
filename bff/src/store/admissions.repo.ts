/**
 * Admission events: batched idempotent ingest with folding, keyset-paginated filtered lists, stats
 * per time bucket. Filters run on plain columns so the (namespace|decision, time, id) indexes apply.
 */
import type {
  AdmissionEvent,
  AdmissionListItem,
  AdmissionQuery,
  AdmissionStats,
  AdmissionStatsQuery,
} from '@gated/shared';
import { InputError } from '@gated/shared';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  foldKeyOf,
  toAdmissionRow,
  type AdmissionRow,
} from '../modules/admissions/admission-row.js';
import { queryRows, type Db } from './db.js';
import { admissionEvents } from './schema.js';
import { isUuid } from './uuid.js';

export const FOLD_WINDOW_MS = 10 * 60 * 1000;

/** Ingests a batch in one transaction; returns how many ids were new and how many were retries. */
export async function ingestEvents(
  db: Db,
  events: AdmissionEvent[],
): Promise<{ accepted: number; duplicates: number }> {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    // Idempotency first: an id seen before (stored or folded) is a retried delivery, never counted again.
    // One JSON parameter instead of thousands of bound values: drizzle's per-value SQL building
    // dominated ingest time (bench/admissions.bench.ts).
    const fresh = await queryRows<{ id: string }>(
      tx,
      sql`INSERT INTO admission_event_ids (id) SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(unique.map((e) => e.id))}::jsonb)
          ON CONFLICT DO NOTHING RETURNING id`,
    );
    const freshIds = new Set(fresh.map((r) => r.id));
    const news = unique
      .filter((e) => freshIds.has(e.id))
      .sort((a, b) => a.time.localeCompare(b.time));
    const foldable = news.filter((e) => !e.dryRun);
    const keys = [...new Set(foldable.map(foldKeyOf))];
    const earliest = foldable.length
      ? new Date(Date.parse(foldable[0]?.time ?? '') - FOLD_WINDOW_MS)
      : new Date();
    const open = new Map<string, { id: string; lastSeen: number; add: number; latest: number }>();
    if (keys.length) {
      const rows = await queryRows<{ id: string; fold_key: string; last_seen_at: string | Date }>(
        tx,
        sql`SELECT DISTINCT ON (fold_key) id, fold_key, last_seen_at FROM admission_events
            WHERE fold_key IN (SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)) AND last_seen_at >= ${earliest.toISOString()} AND NOT dry_run
            ORDER BY fold_key, last_seen_at DESC`,
      );
      for (const r of rows) {
        const last = new Date(r.last_seen_at).getTime();
        open.set(r.fold_key, { id: r.id, lastSeen: last, add: 0, latest: last });
      }
    }
    const inserts: AdmissionRow[] = [];
    for (const e of news) {
      const t0 = Date.parse(e.time);
      // A gate may already have folded repeats into this event: its count and last time carry over.
      const count = e.count;
      const seen = Math.max(t0, Date.parse(e.lastSeenAt ?? e.time) || t0);
      const key = e.dryRun ? null : foldKeyOf(e);
      const target = key ? open.get(key) : undefined;
      if (
        key &&
        target &&
        t0 - target.latest <= FOLD_WINDOW_MS &&
        t0 >= target.latest - FOLD_WINDOW_MS
      ) {
        target.add += count;
        target.latest = Math.max(target.latest, seen);
        continue;
      }
      const row = toAdmissionRow({ ...e, count, lastSeenAt: new Date(seen).toISOString() });
      inserts.push(row);
      if (key) open.set(key, { id: e.id, lastSeen: seen, add: 0, latest: seen });
    }
    if (inserts.length) await insertRows(tx, inserts);
    for (const f of open.values()) {
      if (f.add === 0) continue;
      const latest = new Date(f.latest).toISOString();
      await tx.execute(sql`UPDATE admission_events SET count = count + ${f.add}, last_seen_at = GREATEST(last_seen_at, ${latest}::timestamptz),
        item = jsonb_set(jsonb_set(item, '{count}', to_jsonb(count + ${f.add})), '{lastSeenAt}', to_jsonb(to_char(GREATEST(last_seen_at, ${latest}::timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
        WHERE id = ${f.id}`);
    }
    return {
      accepted: news.length,
      duplicates: unique.length - news.length + (events.length - unique.length),
    };
  });
}

/** Bulk insert through jsonb_to_recordset: one parameter for the whole batch. */
async function insertRows(tx: Db, rows: AdmissionRow[]): Promise<void> {
  const payload = rows.map((r) => ({
    id: r.id,
    time: r.time.toISOString(),
    last_seen_at: r.lastSeenAt.toISOString(),
    cluster_id: r.clusterId,
    cluster_name: r.clusterName,
    environment_id: r.environmentId,
    namespace: r.namespace,
    kind: r.kind,
    name: r.name,
    decision: r.decision,
    dry_run: r.dryRun,
    count: r.count,
    fold_key: r.foldKey,
    rule_text: r.ruleText,
    image_text: r.imageText,
    cve_text: r.cveText,
    search_text: r.searchText,
    item: r.item,
    trace: r.trace,
  }));
  await tx.execute(sql`INSERT INTO admission_events (id, time, last_seen_at, cluster_id, cluster_name, environment_id, namespace, kind, name, decision,
      dry_run, count, fold_key, rule_text, image_text, cve_text, search_text, item, trace)
    SELECT id, time, last_seen_at, cluster_id, cluster_name, environment_id, namespace, kind, name, decision,
      dry_run, count, fold_key, rule_text, image_text, cve_text, search_text, item, trace
    FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(id uuid, time timestamptz, last_seen_at timestamptz, cluster_id text,
      cluster_name text, environment_id text, namespace text, kind text, name text, decision text, dry_run boolean, count integer,
      fold_key text, rule_text text, image_text text, cve_text text, search_text text, item jsonb, trace jsonb)`);
}

interface Cursor {
  time: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.time}|${c.id}`).toString('base64url');
}

function decodeCursor(s: string): Cursor {
  const [time, id] = Buffer.from(s, 'base64url').toString().split('|');
  if (!time || !id || Number.isNaN(Date.parse(time)) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new InputError('Bad cursor', [
      { path: 'query.cursor', message: 'Pass back nextCursor unchanged' },
    ]);
  }
  return { time, id };
}

const like = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** WHERE conditions for every AdmissionQuery filter. */
export function admissionFilters(q: Omit<AdmissionStatsQuery, 'bucket'>): SQL[] {
  const w: SQL[] = [];
  if (q.from) w.push(sql`${admissionEvents.time} >= ${new Date(q.from).toISOString()}`);
  if (q.to) w.push(sql`${admissionEvents.time} < ${new Date(q.to).toISOString()}`);
  if (q.decision?.length) w.push(inArray(admissionEvents.decision, q.decision));
  if (q.cluster)
    w.push(
      sql`(${admissionEvents.clusterName} = ${q.cluster} OR ${admissionEvents.clusterId} = ${q.cluster})`,
    );
  if (q.namespace) w.push(eq(admissionEvents.namespace, q.namespace));
  if (q.rule) w.push(sql`${admissionEvents.ruleText} LIKE ${like(q.rule)}`);
  if (q.image) w.push(sql`${admissionEvents.imageText} LIKE ${like(q.image)}`);
  if (q.cve)
    w.push(
      sql`${admissionEvents.cveText} LIKE ${`%${q.cve.toUpperCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`,
    );
  if (q.q) w.push(sql`${admissionEvents.searchText} LIKE ${like(q.q)}`);
  if (q.includeDryRun !== 'true') w.push(eq(admissionEvents.dryRun, false));
  return w;
}

/** One page, newest first (or oldest first), keyset on (time, id): stable while events keep arriving. */
export async function listAdmissions(
  db: Db,
  q: AdmissionQuery,
): Promise<{ items: AdmissionListItem[]; nextCursor: string | null }> {
  const w = admissionFilters(q);
  const desc = q.sort === 'time:desc';
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    w.push(
      desc
        ? sql`(${admissionEvents.time}, ${admissionEvents.id}) < (${c.time}::timestamptz, ${c.id}::uuid)`
        : sql`(${admissionEvents.time}, ${admissionEvents.id}) > (${c.time}::timestamptz, ${c.id}::uuid)`,
    );
  }
  const rows = await db
    .select({ item: admissionEvents.item, time: admissionEvents.time, id: admissionEvents.id })
    .from(admissionEvents)
    .where(w.length ? and(...w) : undefined)
    .orderBy(
      desc
        ? sql`${admissionEvents.time} DESC, ${admissionEvents.id} DESC`
        : sql`${admissionEvents.time} ASC, ${admissionEvents.id} ASC`,
    )
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => r.item),
    nextCursor:
      rows.length > q.limit && last
        ? encodeCursor({ time: last.time.toISOString(), id: last.id })
        : null,
  };
}

export async function getAdmission(db: Db, id: string): Promise<AdmissionEvent | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ item: admissionEvents.item, trace: admissionEvents.trace })
    .from(admissionEvents)
    .where(eq(admissionEvents.id, id));
  return row ? { ...row.item, trace: row.trace } : undefined;
}

const BUCKET_SECONDS = { '1m': 60, '5m': 300, '1h': 3600, '1d': 86400 } as const;

/** Decisions per time bucket (folded repeats count by their count). */
export async function admissionStats(db: Db, q: AdmissionStatsQuery): Promise<AdmissionStats> {
  const w = admissionFilters(q);
  const s = BUCKET_SECONDS[q.bucket];
  const where = w.length ? sql`WHERE ${and(...w)}` : sql``;
  const rows = await queryRows<{ bucket: string | number; decision: string; n: string | number }>(
    db,
    sql`SELECT floor(extract(epoch from time) / ${s}) * ${s} AS bucket, decision, sum(count) AS n
        FROM admission_events ${where} GROUP BY 1, 2 ORDER BY 1`,
  );
  const buckets = new Map<number, AdmissionStats['buckets'][number]>();
  for (const r of rows) {
    const start = Number(r.bucket);
    let b = buckets.get(start);
    if (!b) {
      b = { start: new Date(start * 1000).toISOString(), Allow: 0, Audit: 0, Deny: 0, NotGated: 0 };
      buckets.set(start, b);
    }
    const d = r.decision as 'Allow' | 'Audit' | 'Deny' | 'NotGated';
    b[d] += Number(r.n);
  }
  return { bucket: q.bucket, buckets: [...buckets.values()] };
}
