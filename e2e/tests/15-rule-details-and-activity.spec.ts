import { test, expect } from '../fixtures/test.js';
import { createRule } from '../fixtures/api-helpers.js';
import { admissionReview, generateWorkload } from '../fixtures/kube.js';
import { paths } from '../fixtures/paths.js';
import { AdmissionsPage } from '../pages/admissions.page.js';
import { AuditLogPage } from '../pages/audit-log.page.js';
import { RuleDetailsPage } from '../pages/rule-details.page.js';
import { RulesPage } from '../pages/security-rules.page.js';
import { AUTH_STATE } from '../support/auth-state.js';
import { TEST_ACCOUNTS } from '../support/stack-state.js';
import { CRITICAL_OPENSSL } from '../support/trivy-report.js';

test.use({ storageState: AUTH_STATE.reader });

const RULE = 'S15 deny critical in details';

test('a reader opens a rule, reads it in plain language, sees what it denied and follows its activity into monitoring; the audit log shows the admin’s change', async ({
  page,
  navigate,
  api,
  gate,
  uploadScan,
}) => {
  // An admin (API token) creates the rule; the gate then denies a Critical image with it.
  const rule = await createRule(api, {
    name: RULE,
    action: 'Deny',
    scope: {
      name: 'S15 namespaces',
      resourceConditions: [{ kind: 'Namespace', match: 'Equals', value: 's15-shop' }],
    },
    conditions: {
      severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }],
      cveIds: ['CVE-2024-3094'],
    },
  });
  const image = await uploadScan('shopacr.azurecr.io/s15/cart:1.0.0', [CRITICAL_OPENSSL]);
  const cart = generateWorkload({
    kind: 'Deployment',
    name: 's15-cart',
    namespace: 's15-shop',
    images: [image.reference],
  });
  await expect
    .poll(async () => (await gate.review(admissionReview(cart))).allowed, {
      message: 'the gate enforces the new rule',
      timeout: 30_000,
    })
    .toBe(false);

  // The reader reaches the details from the rules grid: the name is a real link.
  await navigate(paths.rules);
  await new RulesPage(page).row(RULE).getByRole('link', { name: RULE }).click();
  await expect(page).toHaveURL(paths.ruleDetails(rule.id));
  const details = new RuleDetailsPage(page);
  await expect(details.heading()).toHaveText(RULE);
  await expect(details.sentence()).toHaveText(
    'Deny when an image has more than 0 Critical findings or CVE-2024-3094.',
  );
  await expect(
    page.getByText(/Applies in all cloud accounts, to namespaces named s15-shop/),
  ).toBeVisible();
  await expect(details.history()).toContainText('Created');
  await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);

  // The gate delivers events in batches: reload until the denial is counted.
  await expect(async () => {
    await details.reload();
    expect(await details.count('Denied')).toBeGreaterThanOrEqual(1);
  }).toPass({ timeout: 60_000 });
  await details.selectWindow('Last 7 days');
  expect(await details.count('Denied', 'Last 7 days')).toBeGreaterThanOrEqual(1);

  // Its activity link opens monitoring filtered by the rule.
  await details.monitoringLink().click();
  await expect(page).toHaveURL(new RegExp(`/admissions\\?rule=${rule.id}&range=7d$`));
  await expect(page.getByRole('combobox', { name: 'Rule' })).toHaveValue(rule.id);
  const admissions = new AdmissionsPage(page);
  await expect(admissions.rowFor('s15-cart')).toContainText('Denied');

  // An admin disables the rule; the reader's audit log shows who did it and what changed.
  const disabled = await api.post(`/api/v1/rules/${rule.id}/disable`);
  expect(disabled.status()).toBe(200);
  await navigate(paths.auditLog);
  const audit = new AuditLogPage(page);
  await audit.filter({ target: rule.id });
  const row = audit.row('rule.disable');
  await expect(row).toContainText(TEST_ACCOUNTS.admin.username);
  await expect(row).toContainText(RULE);
  await expect(row).toContainText('enabled: true → false');
  await expect(audit.row('rule.create')).toContainText('Created');
  await expect(page).toHaveURL(/\/audit-log\?target=/);
});
