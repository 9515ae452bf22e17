import { calendarDateInZone } from '@gated/shared';
import { test, expect } from '../fixtures/test.js';
import { admissionReview, generateWorkload } from '../fixtures/kube.js';
import { paths } from '../fixtures/paths.js';
import { RuleWizard } from '../pages/rule-wizard.page.js';
import { RulesPage } from '../pages/security-rules.page.js';
import { CRITICAL_OPENSSL } from '../support/trivy-report.js';

const RULE = 'S3 deny critical in payments';
/** The browser's zone (playwright.config.ts timezoneId): the wizard defaults exemptions to it. */
const ZONE = 'Europe/Berlin';

test('a time-bound CVE exemption lets the Deployment through today, and no longer once it ended yesterday', async ({
  page,
  navigate,
  gate,
  uploadScan,
}) => {
  const today = calendarDateInZone(Date.now(), ZONE);
  const yesterday = calendarDateInZone(Date.now() - 24 * 3600 * 1000, ZONE);
  const image = await uploadScan('shopacr.azurecr.io/s3/payments:4.0.0', [CRITICAL_OPENSSL]);
  const deployment = generateWorkload({
    kind: 'Deployment',
    name: 'payments',
    namespace: 'payments',
    images: [image.reference],
  });
  const allowed = async () => (await gate.review(admissionReview(deployment))).allowed;

  await navigate(paths.newRule);
  const wizard = new RuleWizard(page);
  await wizard.fillBasics({ name: RULE, action: 'Deny' });
  await wizard.next();
  await wizard.fillScope({
    name: 'Payments',
    conditions: [{ kind: 'Namespace', match: 'Equals', value: 'payments' }],
  });
  await wizard.next();
  await wizard.setSeverityThreshold('Critical', 0);
  await wizard.next();
  await wizard.addExemption({
    type: 'CVE',
    match: 'Equals',
    value: CRITICAL_OPENSSL.id,
    validUntil: today,
    reason: 'Patch rolls out tonight',
  });
  await expect(wizard.exemptionTimeZone()).toHaveValue(ZONE);
  await wizard.next();
  await wizard.save();

  // Valid through the end of today: the exemption drops the only Critical finding.
  await expect.poll(allowed, { message: 'exempted today', timeout: 30_000 }).toBe(true);

  // The same rule, with the exemption ending yesterday: expired, so the rule denies again.
  const rules = new RulesPage(page);
  await rules.openEditor(RULE);
  await wizard.goToStep('Exemptions');
  await wizard.setExemptionValidUntil(0, yesterday);
  await wizard.goToStep('Review');
  await wizard.save();
  await expect(rules.row(RULE)).toContainText(/1 expired/i);
  await expect
    .poll(allowed, { message: 'denied once the exemption expired', timeout: 30_000 })
    .toBe(false);
});
