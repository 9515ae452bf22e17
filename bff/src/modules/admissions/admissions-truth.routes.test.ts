/**
 * Monitoring that keeps every admission visible, on both stores: folded ids resolve to the event
 * they joined, rows sort by last seen, stats say what they count, retention prunes by last seen
 * (with its own clock) and admins see the store's size.
 */
import { randomUUID } from 'node:crypto';
import type {
  AdmissionEvent,
  AdmissionEventAnswer,
  AdmissionPage,
  AdmissionStats,
  AdmissionStore,
  Environment,
  RegisteredCluster,
} from '@gated/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { admissionEvent, awsEnvironment } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';
import { EventRetention } from './event-retention.js';

const kinds = await storesUnderTest();
// The tests own their clock: every time below is relative to this fixed instant.
const BASE = Date.parse('2031-03-01T12:00:00.000Z');
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();
const DAY = 86_400_000;

describe.each(kinds)('admission monitoring truth on %s', (kind) => {
  const s = useSuite(kind);
  let reg: RegisteredCluster;
  const send = async (events: AdmissionEvent[]) => {
    const res = await s.t.request('/api/v1/gate/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${reg.gateToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
  };
  const event = (id: string) =>
    s.reader.json<AdmissionEventAnswer>('GET', `/admissions/${id}`, undefined, 200);

  beforeAll(async () => {
    const env = await s.admin.json<Environment>('POST', '/environments', awsEnvironment('t'), 201);
    reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'truth' },
      201,
    );
  });

  it('resolves ids a gate folded, and ids ingest folded, to the event they joined', async () => {
    const gateFolded = [randomUUID(), randomUUID()];
    const first = admissionEvent({
      namespace: 'alias-a',
      time: at(0),
      lastSeenAt: at(1),
      count: 3,
      foldedIds: gateFolded,
    });
    await send([first]);
    const later = admissionEvent({ namespace: 'alias-a', time: at(5) });
    await send([later]);
    for (const id of [...gateFolded, later.id]) {
      const answer = await event(id);
      expect(answer.id).toBe(first.id);
      expect(answer.foldedFrom).toBe(id);
      expect(answer.count).toBe(4);
      expect(answer.lastSeenAt).toBe(at(5));
      expect(answer).not.toHaveProperty('foldedIds');
    }
    const own = await event(first.id);
    expect(own).not.toHaveProperty('foldedFrom');
    await s.reader.json('GET', `/admissions/${randomUUID()}`, undefined, 404);
  });

  it('lists rows by last seen by default, each with its count and both times', async () => {
    const old = admissionEvent({ namespace: 'order-x', name: 'old', time: at(10) });
    const fresh = admissionEvent({ namespace: 'order-x', name: 'fresh', time: at(12) });
    const repeat = admissionEvent({ namespace: 'order-x', name: 'old', time: at(15) });
    await send([old, fresh]);
    await send([repeat]);
    const page = await s.reader.json<AdmissionPage>('GET', '/admissions?namespace=order-x');
    expect(page.items.map((i) => [i.name, i.count, i.time, i.lastSeenAt])).toEqual([
      ['old', 2, at(10), at(15)],
      ['fresh', 1, at(12), at(12)],
    ]);
    const byFirst = await s.reader.json<AdmissionPage>(
      'GET',
      '/admissions?namespace=order-x&sort=time:desc',
    );
    expect(byFirst.items.map((i) => i.name)).toEqual(['fresh', 'old']);
  });

  it('matches the namespace as a prefix (a trailing * too), nothing else', async () => {
    await send([
      admissionEvent({ namespace: 'pfx-team-a', time: at(20) }),
      admissionEvent({ namespace: 'pfx-team-b', time: at(20) }),
      admissionEvent({ namespace: 'other-pfx-team', time: at(20) }),
    ]);
    for (const q of ['pfx-team', 'pfx-team*']) {
      const page = await s.reader.json<AdmissionPage>('GET', `/admissions?namespace=${q}`);
      expect(page.items.map((i) => i.namespace).sort()).toEqual(['pfx-team-a', 'pfx-team-b']);
    }
    const none = await s.reader.json<AdmissionPage>('GET', '/admissions?namespace=pfx_team');
    expect(none.items).toEqual([]);
  });

  it('stats totals count the same rows as the grid, and the admissions they fold', async () => {
    const ns = 'totals-y';
    await send([
      admissionEvent({ namespace: ns, name: 'a', time: at(30), count: 5, lastSeenAt: at(31) }),
      admissionEvent({ namespace: ns, name: 'b', time: at(32) }),
    ]);
    const stats = await s.reader.json<AdmissionStats>(
      'GET',
      `/admissions/stats?namespace=${ns}&bucket=1h`,
    );
    expect(stats.totals).toEqual({ events: 2, admissions: 6 });
    expect(stats.span).toEqual({ first: at(30), last: at(32) });
    const summed = stats.buckets.reduce((n, b) => n + b.Allow + b.Audit + b.Deny + b.NotGated, 0);
    expect(summed).toBe(6);
    const page = await s.reader.json<AdmissionPage>('GET', `/admissions?namespace=${ns}`);
    expect(page.items).toHaveLength(stats.totals.events);
  });

  it('prunes events last seen before the retention, with their aliases, and keeps the rest', async () => {
    const ns = 'retain-z';
    const aged = admissionEvent({ namespace: ns, name: 'aged', time: at(40), lastSeenAt: at(41) });
    const folded = admissionEvent({ namespace: ns, name: 'aged', time: at(42) });
    const kept = admissionEvent({ namespace: ns, name: 'kept', time: at(60 * 24 * 20) });
    await send([aged]);
    await send([folded, kept]);
    expect((await event(folded.id)).id).toBe(aged.id);
    const before = await s.admin.json<AdmissionStore>('GET', '/admissions/store');
    const retention = new EventRetention({
      db: s.t.bff.deps.db,
      days: 30,
      batchSize: 1,
      now: () => Date.parse(at(0)) + 31 * DAY,
    });
    expect(await retention.prune()).toBeGreaterThanOrEqual(1);
    await s.reader.json('GET', `/admissions/${aged.id}`, undefined, 404);
    await s.reader.json('GET', `/admissions/${folded.id}`, undefined, 404);
    expect((await event(kept.id)).name).toBe('kept');
    const after = await s.admin.json<AdmissionStore>('GET', '/admissions/store');
    expect(after.events).toBeLessThan(before.events);
    expect(after.retentionDays).toBe(30);
    expect(after.bytes).toBeGreaterThan(0);
    await s.reader.json('GET', '/admissions/store', undefined, 403);
  });
});
