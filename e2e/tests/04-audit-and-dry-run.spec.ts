import { test, expect } from '../fixtures/test.js';
import { listAdmissions } from '../fixtures/api-helpers.js';
import { admissionReview, generateWorkload } from '../fixtures/kube.js';
import { paths } from '../fixtures/paths.js';
import { AdmissionsPage } from '../pages/admissions.page.js';
import { RuleWizard } from '../pages/rule-wizard.page.js';
import { MEDIUM_CURL } from '../support/trivy-report.js';

const RULE = 'S4 audit medium in staging';

test('an Audit rule answers with a kubectl warning and an Audit event; a dry-run gets the decision but leaves no event', async ({
  page,
  navigate,
  gate,
  api,
  uploadScan,
}) => {
  await navigate(paths.newRule);
  const wizard = new RuleWizard(page);
  await wizard.fillBasics({ name: RULE, action: 'Audit' });
  await wizard.next();
  await wizard.fillScope({
    name: 'Staging',
    conditions: [{ kind: 'Namespace', match: 'Equals', value: 'staging' }],
  });
  await wizard.next();
  await wizard.setSeverityThreshold('Medium', 0);
  await wizard.next();
  await wizard.next();
  await wizard.save();

  const image = await uploadScan('shopacr.azurecr.io/s4/reports:1.2.0', [MEDIUM_CURL]);
  // A multi-container StatefulSet and a CronJob, both made by kubectl.
  const db = generateWorkload({
    kind: 'StatefulSet',
    name: 'reports-db',
    namespace: 'staging',
    images: [image.reference, 'shopacr.azurecr.io/s4/sidecar:1.0.0'],
  });
  let warnings: string[] = [];
  await expect
    .poll(
      async () => {
        const response = await gate.review(admissionReview(db));
        expect(response.allowed).toBe(true);
        warnings = response.warnings ?? [];
        return warnings.some((w) => w.includes(RULE));
      },
      { message: 'the gate warns with the new Audit rule', timeout: 30_000 },
    )
    .toBe(true);
  expect(warnings.join('\n')).toContain(image.reference);

  // Dry-run first, then a real request: events are delivered in order, so once the real one is
  // stored, the dry-run one would be too if the gate had recorded it.
  const nightly = generateWorkload({
    kind: 'CronJob',
    name: 'reports-dry-run',
    namespace: 'staging',
    image: image.reference,
  });
  const dry = await gate.review(admissionReview(nightly, { dryRun: true }));
  expect(dry.allowed).toBe(true);
  expect((dry.warnings ?? []).join('\n')).toContain(RULE);
  const real = generateWorkload({
    kind: 'CronJob',
    name: 'reports-nightly',
    namespace: 'staging',
    image: image.reference,
  });
  expect((await gate.review(admissionReview(real))).warnings?.join('\n')).toContain(RULE);

  const admissions = new AdmissionsPage(page);
  await navigate(admissions.url({ namespace: 'staging' }), { a11y: false });
  await expect(async () => {
    await admissions.refresh();
    await expect(admissions.rowFor('reports-nightly')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(admissions.rowFor('reports-nightly')).toContainText('Audited');
  await expect(admissions.rowFor('reports-db')).toContainText('Audited');
  await expect(admissions.rowFor('reports-dry-run')).toHaveCount(0);
  const stored = await listAdmissions(api, { namespace: 'staging', includeDryRun: 'true' });
  expect(stored.items.map((e) => e.name)).not.toContain('reports-dry-run');
});
