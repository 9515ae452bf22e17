import { test, expect } from '../fixtures/test.js';
import { createRule } from '../fixtures/api-helpers.js';
import { admissionReview, generateWorkload } from '../fixtures/kube.js';
import { CRITICAL_OPENSSL } from '../support/trivy-report.js';
import { AdmissionsPage } from '../pages/admissions.page.js';

test('with the BFF stopped the gate keeps enforcing the last policy, and queued events arrive after the restart', async ({
  api,
  gate,
  uploadScan,
  bffControl,
  page,
  navigate,
}) => {
  // Setup through the API: a scanner's report and a Deny rule for one namespace.
  const image = await uploadScan('shopacr.azurecr.io/s7/orders:2.0.0', [CRITICAL_OPENSSL]);
  await createRule(api, {
    name: 'S7 deny critical in outage-drill',
    action: 'Deny',
    scope: {
      name: 'outage-drill',
      resourceConditions: [{ kind: 'Namespace', match: 'Equals', value: 'outage-drill' }],
    },
    conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
  });
  const before = generateWorkload({
    kind: 'Deployment',
    name: 'orders-before',
    namespace: 'outage-drill',
    images: [image.reference],
  });
  await expect
    .poll(async () => (await gate.review(admissionReview(before))).allowed, {
      message: 'the gate picks up the rule',
      timeout: 30_000,
    })
    .toBe(false);

  await bffControl.stop();

  const during = generateWorkload({
    kind: 'Deployment',
    name: 'orders-during-outage',
    namespace: 'outage-drill',
    images: [image.reference],
  });
  const denied = await gate.review(admissionReview(during));
  expect(denied.allowed).toBe(false);
  expect(denied.status?.message).toContain('S7 deny critical in outage-drill');
  const clean = generateWorkload({
    kind: 'Deployment',
    name: 'orders-ok-during-outage',
    namespace: 'outage-drill',
    images: ['shopacr.azurecr.io/s7/unscanned:1.0.0'],
  });
  expect((await gate.review(admissionReview(clean))).allowed).toBe(true);

  await bffControl.start();

  // The decisions made during the outage reach monitoring once the gate's retries get through.
  const admissions = new AdmissionsPage(page);
  await navigate(admissions.url({ q: 'during-outage' }));
  await expect(async () => {
    await admissions.refresh();
    await expect(admissions.rowFor('orders-during-outage')).toBeVisible({ timeout: 2_000 });
    await expect(admissions.rowFor('orders-ok-during-outage')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  await expect(admissions.rowFor('orders-during-outage')).toContainText('Denied');
});
