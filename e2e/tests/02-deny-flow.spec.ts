import { test, expect } from '../fixtures/test.js';
import { admissionReview, generateWorkload, withImage } from '../fixtures/kube.js';
import { paths } from '../fixtures/paths.js';
import { AdmissionsPage } from '../pages/admissions.page.js';
import { RuleWizard } from '../pages/rule-wizard.page.js';
import { RulesPage } from '../pages/security-rules.page.js';
import { CRITICAL_OPENSSL, HIGH_EXPAT } from '../support/trivy-report.js';

const RULE = 'S2 deny critical in prod';

test('a Deny rule from the wizard refuses a Critical image in prod with an actionable message, and monitoring shows why', async ({
  page,
  navigate,
  gate,
  uploadScan,
}, testInfo) => {
  await navigate(paths.newRule);
  const wizard = new RuleWizard(page);
  await wizard.fillBasics({ name: RULE, action: 'Deny' });
  await wizard.next();
  await wizard.fillScope({
    name: 'Production namespaces',
    conditions: [{ kind: 'Namespace', match: 'Starts with', value: 'prod' }],
  });
  await wizard.next();
  await wizard.setSeverityThreshold('Critical', 0);
  await wizard.next();
  await wizard.next();
  await wizard.save();
  await expect(new RulesPage(page).row(RULE)).toContainText('Deny');

  // CI's scanner reports the image; then the API server asks the gate about a Deployment using it.
  const image = await uploadScan('shopacr.azurecr.io/s2/checkout:1.0.0', [
    CRITICAL_OPENSSL,
    HIGH_EXPAT,
  ]);
  const prod = generateWorkload({
    kind: 'Deployment',
    name: 'checkout',
    namespace: 'prod-shop',
    images: [image.reference],
  });
  let message = '';
  await expect
    .poll(
      async () => {
        const response = await gate.review(admissionReview(prod));
        message = response.status?.message ?? '';
        return response.allowed;
      },
      { message: 'the gate enforces the new rule', timeout: 30_000 },
    )
    .toBe(false);
  expect(message).toContain(image.reference);
  expect(message).toContain(RULE);
  expect(message).toContain(CRITICAL_OPENSSL.id);
  expect(message).toContain(CRITICAL_OPENSSL.fixed ?? '');

  // UPDATEs carry the stored object: rolling the image in is refused, while rescaling a workload
  // that already runs it is only audited (docs/evaluation-semantics.md#updates).
  const before = withImage(prod, 'shopacr.azurecr.io/s2/checkout:0.9.0');
  const rollIn = await gate.review(
    admissionReview(prod, { operation: 'UPDATE', oldObject: before }),
  );
  expect(rollIn.allowed).toBe(false);
  const rescaled = structuredClone(prod);
  rescaled.spec = { ...rescaled.spec, replicas: 3 };
  const rescale = await gate.review(
    admissionReview(rescaled, { operation: 'UPDATE', oldObject: prod }),
  );
  expect(rescale.allowed).toBe(true);
  expect((rescale.warnings ?? []).join('\n')).toContain(RULE);

  const dev = generateWorkload({
    kind: 'Deployment',
    name: 'checkout',
    namespace: 'dev',
    images: [image.reference],
  });
  expect((await gate.review(admissionReview(dev))).allowed).toBe(true);
  // Init containers count too: a bare Pod that only uses the image to initialise is refused as well.
  const pod = generateWorkload({
    kind: 'Pod',
    name: 'seed-data',
    namespace: 'prod-shop',
    image: 'shopacr.azurecr.io/s2/unscanned:1.0.0',
    initImage: image.reference,
  });
  const podAnswer = await gate.review(admissionReview(pod));
  expect(podAnswer.allowed).toBe(false);
  expect(podAnswer.status?.message).toContain(image.reference);

  // The denial shows up in monitoring, and its drawer explains it.
  const admissions = new AdmissionsPage(page);
  const deniedAt = Date.now();
  await navigate(admissions.url({ namespace: 'prod-shop', decision: 'Deny' }), { a11y: false });
  await expect(async () => {
    await admissions.refresh();
    await expect(admissions.rowFor('Deployment/checkout').first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const figure = `deny → visible in monitoring after ${Date.now() - deniedAt} ms`;
  testInfo.annotations.push({ type: 'figure', description: figure });
  console.log(`[figure] ${figure}`);
  await expect(admissions.rowFor('Deployment/checkout').first()).toContainText('Denied');
  const drawer = await admissions.openDetails('Deployment/checkout');
  await expect(drawer).toContainText(RULE);
  await expect(drawer).toContainText(CRITICAL_OPENSSL.id);
  await expect(drawer).toContainText(image.reference);
});
