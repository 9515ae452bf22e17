import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { NotificationChannelListSchema, NotificationPayloadSchema } from '@gated/shared';
import { test, expect } from '../fixtures/test.js';
import { createRule } from '../fixtures/api-helpers.js';
import { admissionReview, generateWorkload } from '../fixtures/kube.js';
import { paths } from '../fixtures/paths.js';
import { EnvironmentsPage } from '../pages/environments.page.js';
import { CRITICAL_OPENSSL } from '../support/trivy-report.js';

const SECRET = 'e2e-webhook-secret-0123';
const NAMESPACE = 'notify-e2e';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** The receiver's check, from the documented scheme: HMAC-SHA256 of `<timestamp>.<raw body>`. */
function signedWell({ headers, body }: Received): boolean {
  const timestamp = String(headers['x-gated-timestamp']);
  const mac = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
  return (
    headers['x-gated-signature'] === `sha256=${mac}` &&
    Math.abs(Date.now() / 1000 - Number(timestamp)) < 300
  );
}

test('an admin adds a signed webhook, sends a test, and a Deny through the gate reaches it once', async ({
  page,
  navigate,
  stack,
  api,
  gate,
  uploadScan,
}) => {
  const received: Received[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) =>
    receiver.listen(stack.notifyReceiverPort, '127.0.0.1', resolve),
  );
  const payloads = () => received.map((r) => NotificationPayloadSchema.parse(JSON.parse(r.body)));

  try {
    const environments = new EnvironmentsPage(page);
    await navigate(paths.environments);
    const details = await environments.open(stack.environmentName);
    await details.getByRole('button', { name: 'Add webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add webhook' });
    await dialog.getByRole('textbox', { name: /Name/ }).fill('Pipeline bot');
    await dialog
      .getByRole('textbox', { name: /Receiver URL/ })
      .fill(`http://127.0.0.1:${stack.notifyReceiverPort}/gated`);
    await dialog.getByLabel(/Signing secret/).fill(SECRET);
    await dialog.getByRole('button', { name: 'Add' }).click();
    const channels = details.getByRole('table', { name: 'Notification channels' });
    await expect(channels.getByRole('row', { name: /Pipeline bot/ })).toContainText('Deny');
    await expect(page.getByText(SECRET)).toHaveCount(0);

    await details.getByRole('button', { name: 'Send test to Pipeline bot' }).click();
    const log = details.getByRole('table', { name: 'Delivery log' });
    await expect(log.getByRole('row', { name: /Test message/ })).toContainText('delivered', {
      timeout: 15_000,
    });
    expect(received.map(signedWell)).toEqual([true]);
    expect(payloads()[0]?.event).toBe('test');

    // A Deny through the real gate: the same workload denied twice makes one message.
    await createRule(api, {
      name: 'S11 deny critical for notifications',
      action: 'Deny',
      scope: {
        name: 'Notifications',
        resourceConditions: [{ kind: 'Namespace', match: 'Equals', value: NAMESPACE }],
      },
      conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
    });
    const image = await uploadScan('shopacr.azurecr.io/s11/api:1.0.0', [CRITICAL_OPENSSL]);
    const workload = generateWorkload({
      kind: 'Deployment',
      name: 'api',
      namespace: NAMESPACE,
      images: [image.reference],
    });
    await expect
      .poll(async () => (await gate.review(admissionReview(workload))).allowed, {
        message: 'the gate enforces the new rule',
        timeout: 30_000,
      })
      .toBe(false);
    expect((await gate.review(admissionReview(workload))).allowed).toBe(false);
    await expect
      .poll(() => payloads().filter((p) => p.event === 'deny').length, { timeout: 15_000 })
      .toBe(1);
    const deny = payloads().find((p) => p.event === 'deny');
    expect(deny?.details).toMatchObject({ namespace: NAMESPACE, workload: 'Deployment/api' });
    expect(received.every(signedWell)).toBe(true);
    await expect(
      log.getByRole('row', { name: /Deployment notify-e2e\/api was denied/ }),
    ).toContainText('delivered');
  } finally {
    const res = await api.get(`/api/v1/environments/${stack.environmentId}/notifications`);
    for (const c of NotificationChannelListSchema.parse(await res.json()).items)
      await api.delete(`/api/v1/environments/${stack.environmentId}/notifications/${c.id}`);
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
