import path from 'node:path';
import { calendarDateInZone } from '@gated/shared';
import type { Page } from '@playwright/test';
import { test, expect, waitForScreen } from '../fixtures/test.js';
import { expectNoSeriousA11yViolations } from '../fixtures/a11y.js';
import { createRule, listAdmissions } from '../fixtures/api-helpers.js';
import { admissionReview } from '../fixtures/kube.js';
import { paths } from '../fixtures/paths.js';
import { DEMO_WORKLOADS } from '../demo/catalog.js';
import { demoObject } from '../demo/objects.js';
import { AdmissionsPage } from '../pages/admissions.page.js';
import { AppShell, type ThemeMode } from '../pages/app-shell.page.js';
import { RuleWizard } from '../pages/rule-wizard.page.js';
import { SignInPage } from '../pages/sign-in.page.js';
import { REPO_ROOT } from '../support/services.js';
import { CRITICAL_OPENSSL, HIGH_EXPAT, MEDIUM_CURL } from '../support/trivy-report.js';

const SHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const THEMES: ThemeMode[] = ['light', 'dark'];

async function shoot(page: Page, name: string, theme: ThemeMode): Promise<void> {
  await page.screenshot({
    path: path.join(SHOTS, `${name}-${theme}.png`),
    animations: 'disabled',
    caret: 'hide',
  });
}

test('axe finds no serious or critical violations on any screen, light and dark (and the README screenshots)', async ({
  page,
  browser,
  baseURL,
  navigate,
  gate,
  api,
  uploadScan,
}) => {
  // Two themes × six screens, each with an axe scan, on a shared 2-core machine.
  test.setTimeout(360_000);
  // Populate the screens the way a small shop's day would: rules, scans, a stream of admissions.
  await createRule(api, {
    name: 'Block critical in production',
    description: 'Production must not run images with Critical findings.',
    action: 'Deny',
    scope: {
      name: 'Production',
      resourceConditions: [{ kind: 'Namespace', match: 'StartsWith', value: 'prod' }],
    },
    conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
    exemptions: [
      {
        type: 'CVE',
        match: 'Equals',
        value: 'CVE-2023-44487',
        validUntil: calendarDateInZone(Date.now() + 60 * 24 * 3600 * 1000, 'Europe/Berlin'),
        timeZone: 'Europe/Berlin',
        reason: 'Mitigated at the ingress',
      },
    ],
  });
  await createRule(api, {
    name: 'Audit medium in staging',
    action: 'Audit',
    scope: {
      name: 'Staging',
      resourceConditions: [{ kind: 'Namespace', match: 'Equals', value: 'staging' }],
    },
    conditions: {
      severityThresholds: [{ severity: 'Medium', maxAllowed: 5 }],
      cveIds: ['CVE-2024-3094'],
    },
  });
  // The demo catalog's images (their scans here are this test's own, not the demo seed's).
  await uploadScan('demo.azurecr.io/shop/web:1.4.2', [CRITICAL_OPENSSL, HIGH_EXPAT]);
  await uploadScan('demo.azurecr.io/legacy/billing:5.2.0', [CRITICAL_OPENSSL]);
  await uploadScan('demo.azurecr.io/shop/api:2.0.1', [HIGH_EXPAT, MEDIUM_CURL]);
  await uploadScan('demo.azurecr.io/shop/worker:3.1.0', [MEDIUM_CURL]);
  await uploadScan('demo.azurecr.io/shop/cart:0.9.7', []);
  const objects = DEMO_WORKLOADS.map(demoObject);
  const storefront = objects[0];
  if (!storefront) throw new Error('the demo catalog starts with the storefront');
  // Once the gate runs the new Deny rule, send every demo workload once.
  await expect
    .poll(async () => (await gate.review(admissionReview(storefront))).allowed, { timeout: 30_000 })
    .toBe(false);
  for (const obj of objects) await gate.review(admissionReview(obj));
  await expect
    .poll(async () => (await listAdmissions(api, {})).items.length, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(10);

  const shell = new AppShell(page);
  for (const theme of THEMES) {
    await navigate(paths.environments, { a11y: false });
    await shell.setTheme(theme);

    await navigate(paths.environments);
    await shoot(page, 'environment-settings', theme);

    await navigate(paths.rules);
    await shoot(page, 'security-rules', theme);

    await navigate(paths.newRule);
    const wizard = new RuleWizard(page);
    await wizard.fillBasics({ name: 'Block critical in payments', action: 'Deny' });
    await expectNoSeriousA11yViolations(page, `rule wizard, Deny chosen (${theme})`);
    await shoot(page, 'rule-wizard-basics', theme);
    await wizard.next();
    await wizard.fillScope({
      name: 'Payments',
      conditions: [{ kind: 'Namespace', match: 'Starts with', value: 'prod-payments' }],
    });
    await expectNoSeriousA11yViolations(page, `rule wizard scope (${theme})`);
    await wizard.next();
    await wizard.setSeverityThreshold('Critical', 0);
    await expectNoSeriousA11yViolations(page, `rule wizard conditions (${theme})`);
    await wizard.next();
    await wizard.addExemption({
      type: 'CVE',
      match: 'Equals',
      value: 'CVE-2024-5535',
      reason: 'Fix rolls out this week',
    });
    await wizard.openValidUntilCalendar(0);
    // The open calendar is where a FluentProvider class leaking into portals would show
    // (docs/stack-notes.md#fluent-portals).
    await expectNoSeriousA11yViolations(page, `rule wizard exemptions, calendar open (${theme})`);
    await shoot(page, 'rule-wizard-exemptions', theme);
    await page.keyboard.press('Escape');
    await wizard.setExemptionValidUntil(
      0,
      calendarDateInZone(Date.now() + 7 * 24 * 3600 * 1000, 'Europe/Berlin'),
    );
    await wizard.next();
    await expect(page.getByRole('group', { name: 'Impact counts' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, `rule wizard review with impact preview (${theme})`);
    await shoot(page, 'rule-wizard-review', theme);

    const admissions = new AdmissionsPage(page);
    await navigate(paths.admissions);
    await expect(admissions.rowFor('storefront').first()).toBeVisible();
    await shoot(page, 'admission-monitoring', theme);
    const drawer = await admissions.openDetails(
      admissions.rowFor('Deployment/storefront').filter({ hasText: 'prod-shop' }),
    );
    await expect(drawer).toContainText('Block critical in production');
    await expectNoSeriousA11yViolations(page, `admission details drawer (${theme})`);
    await shoot(page, 'admission-details', theme);
  }

  // The sign-in screen, signed out, in the system theme.
  for (const theme of THEMES) {
    // Signed out: the runner would otherwise hand this context the admin's storage state too.
    const anonymous = await browser.newContext({
      colorScheme: theme,
      storageState: { cookies: [], origins: [] },
      ...(baseURL ? { baseURL } : {}),
    });
    try {
      const signInPage = await anonymous.newPage();
      await new SignInPage(signInPage).open();
      await waitForScreen(signInPage);
      await expectNoSeriousA11yViolations(signInPage, `sign-in (${theme})`);
      await shoot(signInPage, 'sign-in', theme);
    } finally {
      await anonymous.close();
    }
  }
});
