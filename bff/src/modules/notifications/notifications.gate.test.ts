/**
 * Issue 15's "done when" for notifications: a Deny made by the real gate (HTTPS, child process)
 * against this BFF (HTTP on loopback) reaches a local node:http receiver once per workload within
 * 5 s, signed with a valid HMAC over the timestamp and raw body, and repeated denials fold.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  NotificationPayloadSchema,
  type Environment,
  type NotificationChannel,
  type NotificationDelivery,
  type NotificationPayload,
  type RegisteredCluster,
} from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsEnvironment, ruleInput, trivyReport } from '../../testing/fixtures.js';
import {
  BffListener,
  kubectlDeployment,
  startGateProcess,
  waitFor,
  type GateProcess,
} from '../../testing/gate-process.js';
import { useSuite } from '../../testing/suite.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { WebhookReceiver } from '../../testing/webhook-receiver.js';

const kinds = await storesUnderTest();
const receiver = await new WebhookReceiver().start();
const SECRET = 'receiver-shared-secret-1';

/** The receiver's own check, written from the documented scheme (not the BFF's code). */
function verified(headers: Record<string, unknown>, body: string): boolean {
  const timestamp = String(headers['x-gated-timestamp']);
  const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return headers['x-gated-signature'] === expected && fresh;
}

describe.each(kinds)('deny notifications from the real gate on %s', (kind) => {
  const s = useSuite(kind, {
    GATED_NOTIFY_ALLOWED_HOSTS: receiver.hostPort,
    GATED_NOTIFY_DENY_HOLD_MS: '1500',
    GATED_NOTIFY_POLL_MS: '250',
  });
  let listener: BffListener;
  let gate: GateProcess;
  let dir: string;
  const hookPath = `/hook-${kind}`;

  beforeAll(async () => {
    listener = await new BffListener(s.t.bff).up();
    dir = mkdtempSync(path.join(tmpdir(), 'gate-notify-'));
  });
  afterAll(async () => {
    await gate?.stop('SIGKILL');
    await listener.down();
    rmSync(dir, { recursive: true, force: true });
    if (kind === kinds[kinds.length - 1]) await receiver.stop();
  });

  const mine = () =>
    receiver.received
      .filter((r) => r.path === hookPath)
      .map((r) => ({ ...r, payload: NotificationPayloadSchema.parse(JSON.parse(r.body)) }));
  const forWorkload = (name: string) =>
    mine().filter((m) => String(m.payload.details.workload) === `Deployment/${name}`);

  it('sends one signed message per denied workload within 5 s, folding repeats', async () => {
    const namespace = `notify-${kind}`;
    const repo = `shopacr.azurecr.io/notify-${kind}/orders`;
    const env = await s.admin.json<Environment>('POST', '/environments', awsEnvironment('n'), 201);
    const reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: `notify-${kind}` },
      201,
    );
    await s.admin.json(
      'POST',
      '/findings',
      trivyReport(repo, '1.0.0', [{ id: 'CVE-2024-3094', severity: 'CRITICAL' }]),
      201,
    );
    await s.admin.json(
      'POST',
      '/rules',
      ruleInput(`deny critical notify ${kind}`, {
        scope: {
          name: 'notify',
          resourceConditions: [{ kind: 'Namespace', match: 'Equals', value: namespace }],
        },
      }),
      201,
    );
    const channel = await s.admin.json<NotificationChannel>(
      'POST',
      `/environments/${env.id}/notifications`,
      { name: 'receiver', kind: 'generic', url: receiver.url(hookPath), secret: SECRET },
      201,
    );
    expect(channel).not.toHaveProperty('secret');

    gate = await startGateProcess({
      GATE_CONTROL_PLANE_URL: listener.url,
      GATE_CLUSTER_TOKEN: reg.gateToken,
      GATED_DATA_DIR: dir,
    });
    const image = `${repo}:1.0.0`;
    await waitFor(
      'the gate to deny the image',
      async () => !(await gate.review(kubectlDeployment('probe', image, namespace))).allowed,
    );

    // A crash-looping rollout: the same Deployment three times at once, and another one once.
    const orders = kubectlDeployment('orders', image, namespace);
    const answers = await Promise.all([
      gate.review(orders),
      gate.review(orders),
      gate.review(orders),
      gate.review(kubectlDeployment('payments', image, namespace)),
    ]);
    expect(answers.map((a) => a.allowed)).toEqual([false, false, false, false]);
    await waitFor(
      'a message for each denied workload',
      () => forWorkload('orders').length > 0 && forWorkload('payments').length > 0,
      5000,
    );

    // Denied again within the window: counted, not sent again.
    await gate.review(orders);
    await gate.review(orders);
    await new Promise((r) => setTimeout(r, 3000));

    expect(forWorkload('orders')).toHaveLength(1);
    expect(forWorkload('payments')).toHaveLength(1);
    expect(forWorkload('probe')).toHaveLength(1);
    const [message] = forWorkload('orders');
    const payload: NotificationPayload | undefined = message?.payload;
    expect(message && verified(message.headers, message.body)).toBe(true);
    expect(message?.headers['x-gated-event']).toBe('deny');
    expect(message?.headers['x-gated-delivery']).toBe(payload?.id);
    expect(payload).toMatchObject({
      event: 'deny',
      count: 3,
      environment: { id: env.id },
      details: { namespace, rule: `deny critical notify ${kind}` },
    });
    expect(payload?.summary).toContain(`Deployment ${namespace}/orders was denied`);
    expect(payload?.link).toMatch(/\/admissions\//);
    for (const m of mine()) expect(verified(m.headers, m.body)).toBe(true);

    const log = await s.admin.json<{ items: NotificationDelivery[] }>(
      'GET',
      `/environments/${env.id}/notification-deliveries`,
    );
    expect(log.items).toHaveLength(3);
    expect(log.items.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  }, 120_000);
});
