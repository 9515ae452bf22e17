/**
 * Admission events: batched idempotent ingest with folding, keyset-paginated filtered lists, stats
 * per time bucket. Filters run on plain columns so the (namespace|decision, time, id) indexes apply.
 */
import type {
  AdmissionEvent,
  AdmissionEventAnswer,
  AdmissionListItem,
  AdmissionQuery,
  AdmissionStats,
  AdmissionStatsQuery,
} from '@gated/shared';
import { InputError, MAX_EVENT_COUNT } from '@gated/shared';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  foldKeyOf,
  toAdmissionRow,
  type AdmissionRow,
} from '../modules/admissions/admission-row.js';
import { dataErrorOf } from './data-error.js';
import { queryRows, type Db } from './db.js';
import { inTransaction } from './transaction.js';
import { admissionEventAliases, admissionEvents } from './schema.js';
import { isUuid } from './uuid.js';

export const FOLD_WINDOW_MS = 10 * 60 * 1000;

export interface IngestResult {
  accepted: number;
  duplicates: number;
  /** Events the store itself refused (a data error), by position in the input. */
  refused: { position: number; message: string }[];
}

/**
 * Ingests a batch: one transaction of two statements, whatever the batch size. When the store
 * refuses the batch for a data error (SQLSTATE class 22/23: a NUL in a text, say), each event is
 * stored on its own so that only the offending ones are refused; any other error is thrown (the
 * gate retries the batch, and ids make the retry idempotent).
 */
export async function ingestEvents(db: Db, events: AdmissionEvent[]): Promise<IngestResult> {
  try {
    return {
      ...(await inTransaction(db, (tx) => ingestInTransaction(tx, events))),
      refused: [],
    };
  } catch (e) {
    if (!dataErrorOf(e) || events.length === 1) {
      const data = dataErrorOf(e);
      if (data && events.length === 1)
        return { accepted: 0, duplicates: 0, refused: [{ position: 0, message: data.message }] };
      throw e;
    }
  }
  const result: IngestResult = { accepted: 0, duplicates: 0, refused: [] };
  for (const [position, event] of events.entries()) {
    try {
      const one = await inTransaction(db, (tx) => ingestInTransaction(tx, [event]));
      result.accepted += one.accepted;
      result.duplicates += one.duplicates;
    } catch (e) {
      const data = dataErrorOf(e);
      if (!data) throw e;
      result.refused.push({ position, message: data.message });
    }
  }
  return result;
}

interface OpenFold {
  /** Row id the repeats fold into. */
  id: string;
  latest: number;
  /** Repeats to add to a row already in the store (0 for rows inserted by this batch). */
  add: number;
  /** Set when the row is inserted by this batch: repeats change the row before it is written. */
  row: AdmissionRow | null;
}

/**
 * The latest row of each fold key, when it was seen since `earliest` (what a repeat folds into):
 * one probe per key of the partial `(fold_key, last_seen_at DESC) WHERE NOT dry_run` index
 * (migration 0092), so its cost follows the batch, not how many events the fold window holds.
 * Written as `IN (…)` with `DISTINCT ON` and the time bound inside, the planner walked the
 * last-seen index through every row of the window instead (statistics taken before the window
 * filled promised a few hundred): 204,188 rows and 184 ms per batch after 200,000 events
 * (bff/README.md, Bench), and more with every batch. The time bound is applied to the key's latest
 * row, outside the probe, so the probe has no time range a plan could start from. Keys are distinct
 * (the caller's).
 */
export function openFoldTargets(keys: readonly string[], earliest: string): SQL {
  return sql`SELECT 'open' AS k, t.id::text AS id, key.value AS fold_key, t.last_seen_at
    FROM json_array_elements_text(${JSON.stringify(keys)}::json) AS key(value)
    CROSS JOIN LATERAL (SELECT id, last_seen_at FROM admission_events
      WHERE fold_key = key.value AND NOT dry_run ORDER BY last_seen_at DESC LIMIT 1) t
    WHERE t.last_seen_at >= ${earliest}::timestamptz`;
}

/**
 * Statement 1 claims the ids (idempotency: an id seen before, stored or folded, is a retried
 * delivery, never counted again) and reads the open fold targets. Statement 2 inserts the new
 * rows and adds folded repeats to stored ones. Values travel as one JSON parameter per list:
 * drizzle's per-value SQL building dominated ingest time (bench/admissions.bench.ts).
 */
async function ingestInTransaction(
  tx: Db,
  events: AdmissionEvent[],
): Promise<{ accepted: number; duplicates: number }> {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  const keyOf = new Map<AdmissionEvent, string>();
  for (const e of unique) if (!e.dryRun) keyOf.set(e, foldKeyOf(e));
  const keys = [...new Set(keyOf.values())];
  const earliestTime = unique.reduce(
    (min, e) => Math.min(min, Date.parse(e.time)),
    Number.POSITIVE_INFINITY,
  );
  const earliest = new Date(
    Number.isFinite(earliestTime) ? earliestTime - FOLD_WINDOW_MS : Date.now(),
  ).toISOString();
  const rows = await queryRows<{
    k: string;
    id: string;
    fold_key: string | null;
    last_seen_at: string | Date | null;
  }>(
    tx,
    sql`WITH fresh AS (
          INSERT INTO admission_event_ids (id) SELECT value::uuid FROM json_array_elements_text(${JSON.stringify(unique.map((e) => e.id))}::json)
          ON CONFLICT DO NOTHING RETURNING id)
        SELECT 'fresh' AS k, id::text AS id, NULL AS fold_key, NULL::timestamptz AS last_seen_at FROM fresh
        UNION ALL
        (${openFoldTargets(keys, earliest)})`,
  );
  const freshIds = new Set<string>();
  const open = new Map<string, OpenFold>();
  for (const r of rows) {
    if (r.k === 'fresh') freshIds.add(r.id);
    else if (r.fold_key && r.last_seen_at !== null)
      open.set(r.fold_key, {
        id: r.id,
        latest: new Date(r.last_seen_at).getTime(),
        add: 0,
        row: null,
      });
  }
  const news = unique
    .filter((e) => freshIds.has(e.id))
    .sort((a, b) => a.time.localeCompare(b.time));
  const inserts: AdmissionRow[] = [];
  // Every id handed out stays resolvable: folded-away ids point at the row they joined (0090).
  const aliases: { alias_id: string; event_id: string }[] = [];
  const alias = (e: AdmissionEvent, into: string) => {
    if (e.id !== into) aliases.push({ alias_id: e.id, event_id: into });
    for (const id of e.foldedIds ?? []) aliases.push({ alias_id: id, event_id: into });
  };
  for (const e of news) {
    const t0 = Date.parse(e.time);
    // A gate may already have folded repeats into this event: its count and last time carry over.
    const seen = Math.max(t0, Date.parse(e.lastSeenAt ?? e.time) || t0);
    const key = keyOf.get(e);
    const target = key ? open.get(key) : undefined;
    if (target && t0 - target.latest <= FOLD_WINDOW_MS && t0 >= target.latest - FOLD_WINDOW_MS) {
      target.latest = Math.max(target.latest, seen);
      if (target.row) foldIntoRow(target.row, e.count, target.latest);
      else target.add += e.count;
      alias(e, target.id);
      continue;
    }
    const row = toAdmissionRow({ ...e, lastSeenAt: new Date(seen).toISOString() }, key);
    inserts.push(row);
    alias(e, e.id);
    if (key) open.set(key, { id: e.id, latest: seen, add: 0, row });
  }
  const folds = [...open.values()]
    .filter((f) => f.row === null && f.add > 0)
    .map((f) => ({ id: f.id, add: f.add, latest: new Date(f.latest).toISOString() }));
  if (inserts.length + folds.length + aliases.length > 0)
    await writeRows(tx, inserts, folds, aliases);
  return {
    accepted: news.length,
    duplicates: unique.length - news.length + (events.length - unique.length),
  };
}

/** Adds repeats to a row this batch is about to insert. */
function foldIntoRow(row: AdmissionRow, add: number, latest: number): void {
  const count = Math.min(MAX_EVENT_COUNT, row.count + add);
  const lastSeenAt = new Date(Math.max(row.lastSeenAt.getTime(), latest));
  row.count = count;
  row.lastSeenAt = lastSeenAt;
  row.item = { ...row.item, count, lastSeenAt: lastSeenAt.toISOString() };
}

/** One statement: bulk insert through json_to_recordset, and the fold updates of stored rows. */
async function writeRows(
  tx: Db,
  rows: AdmissionRow[],
  folds: { id: string; add: number; latest: string }[],
  aliases: { alias_id: string; event_id: string }[],
): Promise<void> {
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
  await tx.execute(sql`WITH inserted AS (
      INSERT INTO admission_events (id, time, last_seen_at, cluster_id, cluster_name, environment_id, namespace, kind, name, decision,
        dry_run, count, fold_key, rule_text, image_text, cve_text, search_text, item, trace)
      SELECT id, time, last_seen_at, cluster_id, cluster_name, environment_id, namespace, kind, name, decision,
        dry_run, count, fold_key, rule_text, image_text, cve_text, search_text, item, trace
      FROM json_to_recordset(${JSON.stringify(payload)}::json) AS r(id uuid, time timestamptz, last_seen_at timestamptz, cluster_id text,
        cluster_name text, environment_id text, namespace text, kind text, name text, decision text, dry_run boolean, count bigint,
        fold_key text, rule_text text, image_text text, cve_text text, search_text text, item jsonb, trace jsonb)
      RETURNING 1),
    folded AS (
      UPDATE admission_events a SET count = LEAST(a.count + f.add, ${MAX_EVENT_COUNT}::bigint),
        last_seen_at = GREATEST(a.last_seen_at, f.latest),
        item = jsonb_set(jsonb_set(a.item, '{count}', to_jsonb(LEAST(a.count + f.add, ${MAX_EVENT_COUNT}::bigint))), '{lastSeenAt}',
          to_jsonb(to_char(GREATEST(a.last_seen_at, f.latest) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
      FROM json_to_recordset(${JSON.stringify(folds)}::json) AS f(id uuid, add bigint, latest timestamptz)
      WHERE a.id = f.id
      RETURNING 1),
    aliased AS (
      INSERT INTO admission_event_aliases (alias_id, event_id)
      SELECT alias_id, event_id FROM json_to_recordset(${JSON.stringify(aliases)}::json) AS x(alias_id uuid, event_id uuid)
      ON CONFLICT DO NOTHING
      RETURNING 1)
    SELECT (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM folded) AS folded,
      (SELECT count(*) FROM aliased) AS aliased`);
}

interface Cursor {
  time: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.time}|${c.id}`).toString('base64url');
}

/**
 * The times encodeCursor writes (toISOString of a stored time): four-digit years from 0001, which
 * PostgreSQL's ::timestamptz also reads. Date.parse alone accepts "1" or "Jan 1 2024", which it does not.
 */
const CURSOR_TIME = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Reads a cursor from nextCursor; anything else answers 400 here rather than a SQL cast error (500). */
export function decodeCursor(s: string): Cursor {
  const [time, id, ...rest] = Buffer.from(s, 'base64url').toString().split('|');
  if (
    !time ||
    !id ||
    rest.length > 0 ||
    !CURSOR_TIME.test(time) ||
    Number.isNaN(Date.parse(time)) ||
    new Date(time).toISOString() !== time ||
    !isUuid(id)
  ) {
    throw new InputError('Bad cursor', [
      { path: 'query.cursor', message: 'Pass back nextCursor unchanged' },
    ]);
  }
  return { time, id };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);
const like = (s: string) => `%${escapeLike(s.toLowerCase())}%`;

/**
 * WHERE conditions for every AdmissionQuery filter. The window keeps an event whose first and last
 * seen overlap it: a row still folding repeats stays visible however long ago it began.
 */
export function admissionFilters(q: Omit<AdmissionStatsQuery, 'bucket'>): SQL[] {
  const w: SQL[] = [];
  if (q.from) w.push(sql`${admissionEvents.lastSeenAt} >= ${new Date(q.from).toISOString()}`);
  if (q.to) w.push(sql`${admissionEvents.time} < ${new Date(q.to).toISOString()}`);
  if (q.decision?.length) w.push(inArray(admissionEvents.decision, q.decision));
  if (q.cluster)
    w.push(
      sql`(${admissionEvents.clusterName} = ${q.cluster} OR ${admissionEvents.clusterId} = ${q.cluster})`,
    );
  const ns = q.namespace?.replace(/\*$/, '');
  if (ns) w.push(sql`${admissionEvents.namespace} LIKE ${`${escapeLike(ns)}%`}`);
  if (q.rule) w.push(sql`${admissionEvents.ruleText} LIKE ${like(q.rule)}`);
  if (q.image) w.push(sql`${admissionEvents.imageText} LIKE ${like(q.image)}`);
  if (q.cve) w.push(sql`${admissionEvents.cveText} LIKE ${`%${escapeLike(q.cve.toUpperCase())}%`}`);
  if (q.q) w.push(sql`${admissionEvents.searchText} LIKE ${like(q.q)}`);
  if (q.includeDryRun !== 'true') w.push(eq(admissionEvents.dryRun, false));
  return w;
}

/**
 * One page, keyset on (last seen | first seen, id). By last seen (the default) a row that folds a
 * new repeat moves to the top, so a page walk may meet it twice or miss that move: the walk is
 * stable for what did not change (docs/decisions/120-folded-event-ids.md).
 */
export async function listAdmissions(
  db: Db,
  q: AdmissionQuery,
): Promise<{ items: AdmissionListItem[]; nextCursor: string | null }> {
  const w = admissionFilters(q);
  const desc = q.sort.endsWith(':desc');
  const col = q.sort.startsWith('lastSeen') ? admissionEvents.lastSeenAt : admissionEvents.time;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    w.push(
      desc
        ? sql`(${col}, ${admissionEvents.id}) < (${c.time}::timestamptz, ${c.id}::uuid)`
        : sql`(${col}, ${admissionEvents.id}) > (${c.time}::timestamptz, ${c.id}::uuid)`,
    );
  }
  const rows = await db
    .select({ item: admissionEvents.item, time: col, id: admissionEvents.id })
    .from(admissionEvents)
    .where(w.length ? and(...w) : undefined)
    .orderBy(
      desc
        ? sql`${col} DESC, ${admissionEvents.id} DESC`
        : sql`${col} ASC, ${admissionEvents.id} ASC`,
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

/** The event with this id, or the one it was folded into (then with `foldedFrom`). */
export async function getAdmission(db: Db, id: string): Promise<AdmissionEventAnswer | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ item: admissionEvents.item, trace: admissionEvents.trace })
    .from(admissionEvents)
    .where(eq(admissionEvents.id, id));
  if (row) return { ...row.item, trace: row.trace };
  const [aliased] = await db
    .select({ item: admissionEvents.item, trace: admissionEvents.trace })
    .from(admissionEventAliases)
    .innerJoin(admissionEvents, eq(admissionEvents.id, admissionEventAliases.eventId))
    .where(eq(admissionEventAliases.aliasId, id));
  return aliased ? { ...aliased.item, trace: aliased.trace, foldedFrom: id } : undefined;
}

const BUCKET_SECONDS = { '1m': 60, '5m': 300, '1h': 3600, '1d': 86400 } as const;

/** Decisions per time bucket (folded repeats count by their count). */
export async function admissionStats(db: Db, q: AdmissionStatsQuery): Promise<AdmissionStats> {
  const w = admissionFilters(q);
  const s = BUCKET_SECONDS[q.bucket];
  const where = w.length ? sql`WHERE ${and(...w)}` : sql``;
  // A row begun before the window counts in its first bucket, so the buckets sum to the totals.
  const at = q.from
    ? sql`GREATEST(time, ${new Date(q.from).toISOString()}::timestamptz)`
    : sql`time`;
  const rows = await queryRows<{ bucket: string | number; decision: string; n: string | number }>(
    db,
    sql`SELECT floor(extract(epoch from ${at}) / ${s}) * ${s} AS bucket, decision, sum(count) AS n
        FROM admission_events ${where} GROUP BY 1, 2 ORDER BY 1`,
  );
  const [sums] = await queryRows<{
    events: string | number;
    admissions: string | number | null;
    first: string | Date | null;
    last: string | Date | null;
  }>(
    db,
    sql`SELECT count(*) AS events, sum(count) AS admissions, min(time) AS first, max(last_seen_at) AS last
        FROM admission_events ${where}`,
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
  return {
    bucket: q.bucket,
    buckets: [...buckets.values()],
    totals: { events: Number(sums?.events ?? 0), admissions: Number(sums?.admissions ?? 0) },
    span:
      sums?.first && sums.last
        ? { first: new Date(sums.first).toISOString(), last: new Date(sums.last).toISOString() }
        : null,
  };
}
