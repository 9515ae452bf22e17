/**
 * Delivery on both stores with an injected clock and a local receiver: retries with exponential
 * backoff, giving up, the outbound guard, two workers sharing the outbox without double-sending,
 * deny folding across the rate-limit window, rule changes and reminders.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type {
  AdmissionEvent,
  Environment,
  NotificationChannel,
  NotificationDelivery,
  NotificationPayload,
  RegisteredCluster,
} from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admissionEvent, awsEnvironment, ruleInput } from '../../testing/fixtures.js';
import { ADMIN_PASSWORD, Caller, startTestBff, type TestBff } from '../../testing/test-bff.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { WebhookReceiver } from '../../testing/webhook-receiver.js';
import { NotificationWorker } from './notification-worker.js';

const kinds = await storesUnderTest();
const SECRET = 'delivery-test-secret-01';
const START = Date.parse('2031-03-10T09:00:00Z');

describe.each(kinds)('notification delivery on %s', (kind) => {
  const receiver = new WebhookReceiver();
  let now = START;
  let t: TestBff;
  let admin: Caller;
  let env: Environment;

  beforeAll(async () => {
    await receiver.start();
    t = await startTestBff(
      kind,
      { GATED_NOTIFY_ALLOWED_HOSTS: receiver.hostPort, GATED_NOTIFY_MAX_ATTEMPTS: '3' },
      { clock: () => now, manualNotifications: true },
    );
    admin = await Caller.signIn(t, 'admin', ADMIN_PASSWORD);
    env = await admin.json<Environment>('POST', '/environments', awsEnvironment('deliver'), 201);
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  const run = () => t.bff.notifications.runOnce();
  const at = (path: string) => receiver.received.filter((r) => r.path === path);
  const payloads = (path: string) => at(path).map((r) => JSON.parse(r.body) as NotificationPayload);

  async function channel(path: string, events: Record<string, unknown> = {}, url?: string) {
    return admin.json<NotificationChannel>(
      'POST',
      `/environments/${env.id}/notifications`,
      {
        name: path,
        kind: 'generic',
        url: url ?? receiver.url(path),
        secret: SECRET,
        events: {
          deny: false,
          ruleChanged: false,
          exemptionExpiringDays: null,
          gateSilentMinutes: null,
          ...events,
        },
      },
      201,
    );
  }
  async function delivery(channelId: string): Promise<NotificationDelivery | undefined> {
    const log = await admin.json<{ items: NotificationDelivery[] }>(
      'GET',
      `/environments/${env.id}/notification-deliveries?channelId=${channelId}`,
    );
    return log.items[0];
  }
  async function sendTest(channelId: string): Promise<void> {
    await admin.json(
      'POST',
      `/environments/${env.id}/notifications/${channelId}/test`,
      undefined,
      202,
    );
  }

  it('retries failed deliveries with exponential backoff on its own clock, then succeeds', async () => {
    const c = await channel('/retry');
    receiver.answers.push(500, 503);
    await sendTest(c.id);
    expect(await run()).toBe(1);
    expect(await delivery(c.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 500,
      lastError: 'The receiver answered HTTP 500',
      nextAttemptAt: new Date(now + 5000).toISOString(),
    });
    now += 4999;
    expect(await run()).toBe(0);
    now += 1;
    expect(await run()).toBe(1);
    expect(await delivery(c.id)).toMatchObject({
      attempts: 2,
      lastStatus: 503,
      nextAttemptAt: new Date(now + 10_000).toISOString(),
    });
    now += 10_000;
    expect(await run()).toBe(1);
    expect(await delivery(c.id)).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastError: null,
      deliveredAt: new Date(now).toISOString(),
      nextAttemptAt: null,
    });
    // Every attempt is the same message: one delivery id, so a receiver can drop repeats.
    expect(new Set(payloads('/retry').map((p) => p.id)).size).toBe(1);
    expect(at('/retry')).toHaveLength(3);
  });

  it('gives up after the last attempt, and at once on a 404 or a refused address', async () => {
    const down = await channel('/down');
    receiver.answers.push(500, 500, 500);
    await sendTest(down.id);
    for (const wait of [0, 5000, 10_000]) {
      now += wait;
      expect(await run()).toBe(1);
    }
    expect(await delivery(down.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastStatus: 500,
    });

    const gone = await channel('/gone');
    receiver.answers.push(404);
    await sendTest(gone.id);
    await run();
    expect(await delivery(gone.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatus: 404,
    });

    // HTTPS to a loopback port nobody listed: refused before any socket opens.
    const internal = await channel('/internal', {}, 'https://127.0.0.1:9/hook');
    await sendTest(internal.id);
    await run();
    const refused = await delivery(internal.id);
    expect(refused).toMatchObject({ status: 'failed', attempts: 1, lastStatus: null });
    expect(refused?.lastError).toMatch(/127\.0\.0\.1/);
  });

  it('two workers on one store never send the same delivery twice', async () => {
    const c = await channel('/shared');
    for (let i = 0; i < 30; i++) await sendTest(c.id);
    const settings = t.bff.notifications.settings;
    const log = pino({ level: 'silent' });
    const other = new NotificationWorker(t.bff.deps.db, settings, log, null, () => now);
    const third = new NotificationWorker(t.bff.deps.db, settings, log, null, () => now);
    for (let round = 0; round < 3; round++)
      await Promise.all([run(), other.runOnce(), third.runOnce()]);
    const ids = payloads('/shared').map((p) => p.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it('folds a workload’s denials: one message with the count, the rest told once after the window', async () => {
    const c = await channel('/deny', { deny: true });
    const reg = await admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'fold' },
      201,
    );
    const gate = Caller.bearer(t, reg.gateToken);
    const deny = (name: string, count = 1): AdmissionEvent =>
      admissionEvent({ name, count, time: new Date(now).toISOString() });
    const post = async (events: AdmissionEvent[]) => {
      await gate.json('POST', '/gate/events', { events }, 200);
      // Enqueueing runs after the gate's answer; wait for it, not for a time.
      await t.bff.notifications.settled();
    };
    await post([deny('crashloop', 2), deny('crashloop'), deny('steady')]);
    expect(await run()).toBe(0); // held for repeats (GATED_NOTIFY_DENY_HOLD_MS)
    await post([deny('crashloop')]);
    now += 1000;
    expect(await run()).toBe(2);
    const first = payloads('/deny');
    expect(first.map((p) => [p.details.workload, p.count]).sort()).toEqual([
      ['Deployment/crashloop', 4],
      ['Deployment/steady', 1],
    ]);
    // Within the window: counted, not sent.
    await post([deny('crashloop'), deny('crashloop', 5)]);
    now += 60_000;
    await t.bff.notifications.scanNow();
    expect(await run()).toBe(0);
    // The window (600 s from the first message) ends: one follow-up with what was held back.
    now += 600_000;
    await t.bff.notifications.scanNow();
    expect(await run()).toBe(1);
    const followUp = payloads('/deny').slice(2);
    expect(followUp.map((p) => [p.details.workload, p.count])).toEqual([
      ['Deployment/crashloop', 6],
    ]);
    expect(await delivery(c.id)).toMatchObject({ status: 'delivered', count: 6 });
  });

  it('tells rule changes, expiring exemptions and silent gates, each reminder once', async () => {
    const c = await channel('/events', {
      ruleChanged: true,
      exemptionExpiringDays: 3,
      gateSilentMinutes: 30,
    });
    const today = new Date(now).toISOString().slice(0, 10);
    const inTwoDays = new Date(now + 2 * 86_400_000).toISOString().slice(0, 10);
    const name = `notify rule ${randomUUID().slice(0, 8)}`;
    await admin.json(
      'POST',
      '/rules',
      ruleInput(name, {
        scope: { name: 'env', cloudScopes: [env.id] },
        exemptions: [
          {
            type: 'CVE',
            match: 'Equals',
            value: 'CVE-2024-1',
            validUntil: inTwoDays,
            timeZone: 'UTC',
          },
          { type: 'CVE', match: 'Equals', value: 'CVE-2024-2', validUntil: today, timeZone: 'UTC' },
        ],
      }),
      201,
    );
    await run();
    const ruleMessages = payloads('/events').filter((p) => p.event === 'rule.changed');
    expect(ruleMessages.map((p) => p.summary)).toEqual([
      expect.stringContaining(`Rule "${name}" (Deny) was created by admin`),
    ]);
    await t.bff.notifications.scanNow();
    await t.bff.notifications.scanNow();
    await run();
    const expiring = payloads('/events').filter((p) => p.event === 'exemption.expiring');
    expect(expiring.map((p) => p.details.exemption).sort()).toEqual([
      'CVE Equals CVE-2024-1',
      'CVE Equals CVE-2024-2',
    ]);

    // A gate seen now (last-seen is written on the server clock, this test's), then silent for
    // longer than the channel's 30 minutes: told once.
    const reg = await admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'quiet' },
      201,
    );
    expect(
      (
        await t.request('/api/v1/gate/policy', {
          headers: { authorization: `Bearer ${reg.gateToken}` },
        })
      ).status,
    ).toBe(200);
    now += 31 * 60_000;
    await t.bff.notifications.scanNow();
    await t.bff.notifications.scanNow();
    await run();
    const silent = payloads('/events').filter((p) => p.event === 'gate.silent');
    // `fold` (the previous test's cluster) went quiet on this clock too: each told once.
    expect(silent.map((p) => p.details.cluster).sort()).toEqual(['fold', 'quiet']);
    expect(silent.find((p) => p.details.cluster === 'quiet')?.summary).toMatch(
      /^The gate of cluster quiet has not been seen for \d+ minutes$/,
    );
    expect((await delivery(c.id))?.status).toBe('delivered');
  });
});
