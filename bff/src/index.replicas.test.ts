/**
 * Two real BFF processes on one PostgreSQL schema: a gate long-polls replica A while rules change on
 * replica B. Every change must reach the poll within 2 s — including changes made the instant a poll
 * starts (before replica A has begun waiting), which the old counter poll missed for a whole wait.
 * Then A's LISTEN connection is killed: changes still arrive (fallback poll, then reconnect).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTENER_APPLICATION } from './store/policy-change-listener.js';
import { signInHeaders, spawnBff, type BffProcess } from './testing/bff-process.js';
import { ruleInput } from './testing/fixtures.js';
import { freshPostgresSchema, PG_ADMIN_URL } from './testing/test-stores.js';
import { impactAcknowledgementFor } from './testing/impact-ack.js';

const DEADLINE_MS = 2000;
// How long after the poll is sent the change is made: 0 and 50 ms land before replica A waits.
const DELAYS_MS = [0, 50, 200, 600];

type Outcome = 'delivered' | 'late' | 'unchanged';

describe('policy changes across replicas (PostgreSQL LISTEN/NOTIFY)', { timeout: 300_000 }, () => {
  const dirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'gated-replica-')));
  const procs: BffProcess[] = [];
  let schema: Awaited<ReturnType<typeof freshPostgresSchema>>;
  let a: BffProcess;
  let b: BffProcess;
  let gateToken = '';
  let headersB: Record<string, string> = {};
  let etag = '';
  let rule = 0;
  const latencies: number[] = [];

  beforeAll(async () => {
    schema = await freshPostgresSchema();
    const common = {
      DATABASE_URL: schema.url,
      GATED_ADMIN_PASSWORD: 'replica-admin-1',
      GATED_READER_PASSWORD: 'replica-reader-1',
    };
    a = await spawnBff({ ...common, GATED_DATA_DIR: dirs[0] ?? '', GATED_DEMO: '1' });
    procs.push(a);
    b = await spawnBff({ ...common, GATED_DATA_DIR: dirs[1] ?? '' });
    procs.push(b);
    gateToken = readFileSync(path.join(dirs[0] ?? '', 'demo-gate-token'), 'utf8').trim();
    headersB = await signInHeaders(b.base, 'admin', 'replica-admin-1');
    const first = await fetch(`${a.base}/api/v1/gate/policy`, {
      headers: { authorization: `Bearer ${gateToken}` },
    });
    expect(first.status).toBe(200);
    etag = first.headers.get('etag') ?? '';
  });
  afterAll(async () => {
    for (const p of procs) await p.stop('SIGKILL');
    await schema?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** One try: long-poll A, change a rule on B after `delayMs`, see whether the poll answers in time. */
  async function oneTry(delayMs: number): Promise<Outcome> {
    const abort = new AbortController();
    const poll = fetch(`${a.base}/api/v1/gate/policy?wait=25`, {
      headers: { authorization: `Bearer ${gateToken}`, 'if-none-match': etag },
      signal: abort.signal,
    });
    await new Promise((r) => setTimeout(r, delayMs));
    const draft = ruleInput(`replica rule ${rule++}`);
    const created = await fetch(`${b.base}/api/v1/rules`, {
      method: 'POST',
      headers: { ...headersB, ...impactAcknowledgementFor(draft) },
      body: JSON.stringify(draft),
    });
    expect(created.status).toBe(201);
    const committed = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), DEADLINE_MS)));
    const answered = poll.then(async (res): Promise<Outcome> => {
      const next = res.headers.get('etag') ?? '';
      await res.body?.cancel();
      if (res.status !== 200 || next === etag) return 'unchanged';
      latencies.push(performance.now() - committed);
      etag = next;
      return 'delivered';
    });
    const outcome = await Promise.race([answered, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      abort.abort();
      await answered.catch(() => undefined);
      const now = await fetch(`${a.base}/api/v1/gate/policy`, {
        headers: { authorization: `Bearer ${gateToken}` },
      });
      etag = now.headers.get('etag') ?? etag;
      await now.body?.cancel();
    }
    return outcome;
  }

  it('a rule change on replica B reaches a gate long-polling replica A within 2 s, 20 of 20 times', async () => {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 20; i++) outcomes.push(await oneTry(DELAYS_MS[i % DELAYS_MS.length] ?? 0));
    expect(outcomes).toEqual(Array<Outcome>(20).fill('delivered'));
    const sorted = [...latencies].sort((x, y) => x - y);
    console.log(
      `cross-replica delivery: median ${sorted[10]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms over ${sorted.length}`,
    );
  });

  it('keeps delivering after replica A loses its LISTEN connection', async () => {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const name = new URL(schema.url).searchParams.get('options')?.split('=')[1] ?? '';
    const killed = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [`${LISTENER_APPLICATION} ${name}`],
    );
    await admin.end();
    // A's listener (B's too: both listen on this schema).
    expect(killed.rowCount).toBe(2);
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 8; i++) outcomes.push(await oneTry(DELAYS_MS[i % DELAYS_MS.length] ?? 0));
    expect(outcomes).toEqual(Array<Outcome>(8).fill('delivered'));
  });
});
