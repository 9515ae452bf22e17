/**
 * Admissions benchmark (not a test): seeds N admission events (default 1,000,000) with one bulk
 * generate_series INSERT, then prints p50/p95 of the monitoring list query (time range + decision +
 * namespace; first page and a deep cursor page), of the stats query, and batched ingest throughput,
 * for the embedded store (PGlite in a temp folder) and PostgreSQL (fresh schema at
 * 127.0.0.1:5432, skipped with a note when unreachable).
 *
 *   pnpm --filter @gated/bff bench            # BENCH_EVENTS=200000 for a quicker run
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdmissionQuerySchema,
  AdmissionStatsQuerySchema,
  type AdmissionEvent,
} from '@gated/shared';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { loadEnv } from '../src/env.js';
import { startBff } from '../src/server.js';
import { admissionStats, ingestEvents, listAdmissions } from '../src/store/admissions.repo.js';
import { openStore, type Store } from '../src/store/db.js';
import { Caller } from '../src/testing/test-bff.js';
import { printFilterFigures, printPruneFigures } from './filter-figures.js';

const N = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PG_URL = process.env.GATED_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = 30;
const INGEST_BATCHES = Number(process.env.BENCH_INGEST_BATCHES ?? 100);
const INGEST_STREAMS = 4;
const SPAN_S = 30 * 86_400; // events spread over 30 days

function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function time(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return { p50: pct(samples, 50), p95: pct(samples, 95) };
}

async function seed(store: Store): Promise<number> {
  const t0 = performance.now();
  const step = SPAN_S / N;
  await store.db.execute(
    sql.raw(`
    INSERT INTO admission_events (id, time, last_seen_at, cluster_id, cluster_name, environment_id, namespace, kind, name, decision,
      dry_run, count, fold_key, rule_text, image_text, cve_text, search_text, item, trace)
    SELECT id, t, t, 'c' || (g % 5), 'cluster-' || (g % 5), 'env', 'ns-' || (g % 50), 'Deployment', 'app-' || (g % 2000),
      (ARRAY['Allow','Allow','Allow','Audit','Deny','NotGated'])[g % 6 + 1], false, 1, md5(g::text), 'rule-' || (g % 7),
      'shop.azurecr.io/app-' || (g % 2000) || ':1.' || (g % 9), CASE WHEN g % 6 = 4 THEN 'CVE-2024-' || (1000 + g % 300) ELSE '' END,
      'ns-' || (g % 50) || ' app-' || (g % 2000),
      jsonb_build_object('id', id, 'time', to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'clusterId', 'c' || (g % 5),
        'clusterName', 'cluster-' || (g % 5), 'environmentId', 'env', 'namespace', 'ns-' || (g % 50), 'kind', 'Deployment',
        'name', 'app-' || (g % 2000), 'owner', null, 'labels', '{}'::jsonb, 'operation', 'CREATE', 'user', 'ci',
        'images', jsonb_build_array(jsonb_build_object('reference', 'shop.azurecr.io/app-' || (g % 2000) || ':1.' || (g % 9), 'digest', null, 'summary', null, 'decision', 'Allow')),
        'decision', (ARRAY['Allow','Allow','Allow','Audit','Deny','NotGated'])[g % 6 + 1], 'decidingRule', null, 'triggeredRules', '[]'::jsonb,
        'exemptionsApplied', '[]'::jsonb, 'worstFinding', null, 'reason', 'bench', 'latencyMs', 1, 'dryRun', false, 'count', 1,
        'lastSeenAt', to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      '{"policyRevision":"b","images":[],"notes":[]}'::jsonb
    FROM (SELECT g, gen_random_uuid() AS id, now() - make_interval(secs => g * ${step}) AS t FROM generate_series(1, ${N}) g) s`),
  );
  await store.db.execute(sql`ANALYZE admission_events`);
  return (performance.now() - t0) / 1000;
}

function benchEvent(i: number): AdmissionEvent {
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    clusterId: 'c0',
    clusterName: 'cluster-0',
    environmentId: 'env',
    namespace: `ingest-${i % 20}`,
    kind: 'Deployment',
    name: `svc-${i % 400}`,
    owner: null,
    labels: { app: `svc-${i % 400}` },
    operation: 'CREATE',
    user: 'ci',
    images: [
      {
        reference: `shop.azurecr.io/svc-${i}:1.0`,
        digest: null,
        summary: { critical: 0, high: 1, medium: 2, low: 0, unknown: 0 },
        decision: 'Audit',
      },
    ],
    decision: 'Audit',
    decidingRule: { id: 'r', name: 'Default audit', action: 'Audit' },
    triggeredRules: [{ id: 'r', name: 'Default audit', action: 'Audit' }],
    exemptionsApplied: [],
    worstFinding: { id: 'CVE-2023-44487', severity: 'High', package: 'nghttp2' },
    reason: 'bench',
    latencyMs: 1,
    dryRun: false,
    count: 1,
    trace: { policyRevision: 'b', images: [], notes: [] },
  };
}

/**
 * `overHttp` (PostgreSQL) measures the same ingest through POST /gate/events right after the
 * store's, on the same table: after retention's bulk delete the table holds dead rows until
 * vacuum, and ingest into it is a different figure.
 */
async function run(
  label: string,
  store: Store,
  dataDir: string | null,
  overHttp?: () => Promise<IngestFigures>,
): Promise<void> {
  console.log(`\n== ${label}: seeding ${N.toLocaleString('en')} events`);
  console.log(`seeded in ${(await seed(store)).toFixed(1)} s`);
  const now = Date.now();
  const base = {
    from: new Date(now - 7 * 86_400_000).toISOString(),
    to: new Date(now).toISOString(),
    decision: 'Deny',
    namespace: 'ns-4',
  };
  const q = AdmissionQuerySchema.parse({ ...base, limit: 50 });
  const first = await time(() => listAdmissions(store.db, q));
  let cursor: string | null = null;
  for (let p = 0; p < 20; p++)
    cursor = (await listAdmissions(store.db, { ...q, ...(cursor ? { cursor } : {}) })).nextCursor;
  const deepQ = { ...q, ...(cursor ? { cursor } : {}) };
  const deep = await time(() => listAdmissions(store.db, deepQ));
  const broad = await time(() =>
    listAdmissions(store.db, AdmissionQuerySchema.parse({ limit: 50 })),
  );
  const statsQ = AdmissionStatsQuerySchema.parse({
    from: new Date(now - 86_400_000).toISOString(),
    bucket: '1h',
  });
  const stats = await time(() => admissionStats(store.db, statsQ));
  const statsNs = await time(() =>
    admissionStats(
      store.db,
      AdmissionStatsQuerySchema.parse({ ...base, decision: undefined, bucket: '1h' }),
    ),
  );
  await settleWrites(store);
  const ingest = await ingestRate(store, 'store');
  const f = (x: { p50: number; p95: number }) =>
    `p50 ${x.p50.toFixed(1)} ms  p95 ${x.p95.toFixed(1)} ms`;
  console.log(`list, 7 days + Deny + namespace, first page (50):  ${f(first)}`);
  console.log(`list, same filters, deep cursor page (page 21):     ${f(deep)}`);
  console.log(`list, no filters, first page:                       ${f(broad)}`);
  console.log(`stats, last 24 h, 1 h buckets, all namespaces:      ${f(stats)}`);
  console.log(`stats, 7 days + namespace, 1 h buckets:             ${f(statsNs)}`);
  await printFilterFigures(store, time);
  printIngest(ingest);
  if (overHttp) {
    await settleWrites(store);
    printIngest(await overHttp());
  }
  await printPruneFigures(store, SPAN_S, dataDir);
}

/**
 * Each ingest run starts from a finished checkpoint, so neither inherits the other's (or the
 * seed's ~1.7 GB of) unflushed WAL. It does not remove the order effect the README describes:
 * the run that comes first after the seed's ANALYZE fills the trigram indexes' empty pending
 * lists, the one after pays for merging them (the same code measured either way round).
 */
async function settleWrites(store: Store): Promise<void> {
  if (store.kind !== 'postgres') return;
  const t0 = performance.now();
  await store.db.execute(sql`CHECKPOINT`);
  console.log(
    `CHECKPOINT before the ingest run: ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

interface IngestFigures {
  label: string;
  events: number;
  sequential: number;
  concurrent: number;
  load: string;
}

/** Load average (1/5/15 min) as `uptime` prints it: the figures mean little without it. */
function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

/**
 * Sustained ingest: BENCH_INGEST_BATCHES batches of 500 one after another, then the same number
 * from INGEST_STREAMS concurrent senders (several gates report at once; the store's pool serves
 * them in parallel). `send` is the repository call or a real POST /gate/events.
 */
async function ingestRate(
  store: Store,
  label: string,
  send: (events: AdmissionEvent[]) => Promise<unknown> = (events) => ingestEvents(store.db, events),
  prepare: (events: AdmissionEvent[]) => void = () => undefined,
): Promise<IngestFigures> {
  const batches = INGEST_BATCHES;
  let n = 0;
  // Made before the clock starts: building a gate's batch is the gate's work, not the store's.
  const made = Array.from({ length: 2 * batches + 1 }, () =>
    Array.from({ length: 500 }, () => benchEvent(n++)),
  );
  made.forEach(prepare);
  const batch = () => made.pop() as AdmissionEvent[];
  await send(batch()); // warm-up
  let t0 = performance.now();
  for (let b = 0; b < batches; b++) await send(batch());
  const sequential = (batches * 500) / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  let left = batches;
  await Promise.all(
    Array.from({ length: INGEST_STREAMS }, async () => {
      while (left-- > 0) await send(batch());
    }),
  );
  const concurrent = (batches * 500) / ((performance.now() - t0) / 1000);
  return { label, events: batches * 500, sequential, concurrent, load: loadAverage() };
}

function printIngest(f: IngestFigures): void {
  const rate = (x: number) => `${Math.round(x).toLocaleString('en')} events/s`;
  console.log(
    `ingest (${f.label}), ${f.events.toLocaleString('en')} events in batches of 500: sequential ${rate(f.sequential)}, ${INGEST_STREAMS} concurrent senders ${rate(f.concurrent)}  (load average ${f.load})`,
  );
}

/** The same ingest through the real route: a whole BFF, a registered cluster, its gate token. */
async function ingestOverHttp(databaseUrl: string): Promise<IngestFigures> {
  const bff = await startBff(
    loadEnv({
      DATABASE_URL: databaseUrl,
      GATED_ADMIN_PASSWORD: 'bench-password-1',
      GATED_READER_PASSWORD: 'bench-password-2',
      GATED_WEB_DIR: '/nonexistent',
    }),
    { inMemory: true, log: pino({ level: 'silent' }) },
  );
  try {
    const t = {
      bff,
      request: async (p: string, init?: RequestInit) => bff.app.request(p, init),
      listen: () => Promise.reject(new Error('the ingest bench talks to the app in process')),
      close: () => bff.close(),
    };
    const admin = await Caller.signIn(t, 'admin', 'bench-password-1');
    const env = await admin.json<{ id: string }>(
      'POST',
      '/environments',
      { cloud: 'AWS', accountId: '123456789012', name: 'bench' },
      201,
    );
    const reg = await admin.json<{ gateToken: string }>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'bench-cluster' },
      201,
    );
    const gate = Caller.bearer(t, reg.gateToken);
    // Bodies as a gate sends them (text), serialised before the clock starts (the gate's work).
    const bodies = new Map<AdmissionEvent[], string>();
    const self = { version: 'bench', policyRevision: null, p99Ms: null };
    return await ingestRate(
      bff.store,
      'POST /gate/events',
      async (events) => {
        const body = bodies.get(events) ?? JSON.stringify({ events, gate: self });
        const res = await gate.req('POST', '/gate/events', body);
        if (res.status !== 200)
          throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      },
      (events) => bodies.set(events, JSON.stringify({ events, gate: self })),
    );
  } finally {
    await bff.close();
  }
}

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const only = process.env.BENCH_STORE; // 'embedded' | 'postgres' | undefined (both)
if (only !== 'postgres') {
  const dir = mkdtempSync(path.join(tmpdir(), 'gated-bench-'));
  const store = await openStore({ dataDir: dir });
  try {
    await run('embedded (PGlite 0.5.16, on disk)', store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (only !== 'embedded') {
  if (!(await pgReachable())) {
    console.log(`\n== PostgreSQL at ${PG_URL} not reachable: skipped`);
  } else {
    const schema = `gated_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(PG_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const store = await openStore({ databaseUrl: url.toString() });
    try {
      const version =
        (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]
          ?.server_version ?? '?';
      await run(`PostgreSQL ${version}`, store, null, () => ingestOverHttp(url.toString()));
    } finally {
      await store.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  }
}
