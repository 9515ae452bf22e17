import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures/test.js';
import { createRule } from '../fixtures/api-helpers.js';
import { admissionReview, generateWorkload } from '../fixtures/kube.js';
import { AdmissionsPage } from '../pages/admissions.page.js';
import { REPO_ROOT } from '../support/services.js';
import { CRITICAL_OPENSSL } from '../support/trivy-report.js';

const NAMESPACE = 'truth-repeat';
const RULE = 'S14 deny critical in truth-repeat';
const LINK = /https?:\/\/\S+?\/admissions\/[0-9a-f-]{36}/;

/** The Deny rule for the scenario's namespace and a workload whose image it refuses. */
async function denyingWorkload(
  api: Parameters<typeof createRule>[0],
  uploadScan: (r: string, v: (typeof CRITICAL_OPENSSL)[]) => Promise<{ reference: string }>,
) {
  const image = await uploadScan('shopacr.azurecr.io/s14/ledger:3.1.0', [CRITICAL_OPENSSL]);
  await createRule(api, {
    name: RULE,
    action: 'Deny',
    scope: {
      name: NAMESPACE,
      resourceConditions: [{ kind: 'Namespace', match: 'Equals', value: NAMESPACE }],
    },
    conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
  });
  return generateWorkload({
    kind: 'Deployment',
    name: 'ledger',
    namespace: NAMESPACE,
    images: [image.reference],
  });
}

test('following the link in a Deny message after the decision has repeated opens that event with its count', async ({
  page,
  api,
  gate,
  uploadScan,
  navigate,
}) => {
  const workload = await denyingWorkload(api, uploadScan);
  await expect
    .poll(async () => (await gate.review(admissionReview(workload))).allowed, {
      message: 'the gate enforces the rule',
      timeout: 30_000,
    })
    .toBe(false);
  // The same workload keeps being refused (a crash-looping rollout): four more denials.
  const links: string[] = [];
  for (let i = 0; i < 4; i++) {
    const answer = await gate.review(admissionReview(workload));
    expect(answer.allowed).toBe(false);
    const link = LINK.exec(answer.status?.message ?? '')?.[0];
    expect(link, 'the Deny message links to its event').toBeTruthy();
    links.push(link ?? '');
  }
  expect(new Set(links).size).toBe(4);
  // The last link's id was folded into the first denial, by the gate or by the control plane.
  const last = new URL(links.at(-1) ?? '');
  const admissions = new AdmissionsPage(page);
  await navigate(`${last.pathname}`, { a11y: false });
  await expect(async () => {
    await admissions.refresh();
    const drawer = page.getByRole('dialog');
    await expect(drawer).toContainText('repeated this decision', { timeout: 2_000 });
    await expect(drawer).toContainText('folds 5 admissions', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText('Deployment/ledger');
  await expect(drawer).toContainText(RULE);
  await expect(drawer).toContainText('First seen');
  await expect(drawer).toContainText('Last seen');
  // The grid behind it shows one row for the five denials, with their count.
  await expect(admissions.rowFor('Deployment/ledger').getByLabel('5 admissions')).toBeVisible();
});

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
];

/** The little of an element the probe reads (this package compiles without the DOM library). */
interface Probe {
  getBoundingClientRect(): { left: number; right: number };
  querySelectorAll(selector: string): Iterable<Probe>;
  firstElementChild: Probe | null;
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
}

interface GridFit {
  sideways: number;
  headers: { label: string; inside: boolean; whole: boolean }[];
}

/** Every header cell inside the scroller, none cut, and the first rows above the fold. */
async function expectGridFits(page: Page, size: { width: number; height: number }) {
  const scroller = page.getByRole('region', { name: 'Admission events, scrollable' });
  await expect(scroller).toBeVisible();
  const fit = await scroller.evaluate((el: Probe): GridFit => {
    const box = el.getBoundingClientRect();
    const headers = [...el.querySelectorAll('thead th')].map((th) => {
      const b = th.getBoundingClientRect();
      const text = th.firstElementChild ?? th;
      return {
        label: th.textContent ?? '',
        inside: b.left >= box.left - 1 && b.right <= box.right + 1,
        whole: text.scrollWidth <= text.clientWidth + 1,
      };
    });
    return { sideways: el.scrollWidth - el.clientWidth, headers };
  });
  expect(fit.sideways, 'no sideways scroll').toBeLessThanOrEqual(1);
  for (const h of fit.headers) {
    expect(h.inside, `${h.label} column inside the grid`).toBe(true);
    expect(h.whole, `${h.label} header not cut`).toBe(true);
  }
  const firstRow = page.getByRole('table', { name: 'Admission events' }).getByRole('row').nth(2);
  const row = await firstRow.boundingBox();
  expect(row, 'two data rows are in the DOM').not.toBeNull();
  expect(
    (row?.y ?? size.height) + (row?.height ?? 0),
    'the header and two rows above the fold',
  ).toBeLessThan(size.height);
}

test('the monitoring grid fits 1024×768 and 1440×900: no clipped column, the grid above the fold', async ({
  page,
  navigate,
  gate,
}) => {
  // A few admissions of different workloads so the grid has rows.
  for (const name of ['fit-a', 'fit-b', 'fit-c', 'fit-d']) {
    const w = generateWorkload({
      kind: 'Deployment',
      name,
      namespace: 'fit-check',
      images: ['shopacr.azurecr.io/s14/unscanned:1.0.0'],
    });
    await gate.review(admissionReview(w));
  }
  const admissions = new AdmissionsPage(page);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await navigate(admissions.url({ namespace: 'fit-' }), { a11y: size.width === 1024 });
    await expect(async () => {
      await admissions.refresh();
      await expect(admissions.rowFor('fit-d')).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByText(/^4 events · 4 admissions/)).toBeVisible();
    await expectGridFits(page, size);
    await page.screenshot({
      path: path.join(
        REPO_ROOT,
        'docs',
        'screenshots',
        `admission-monitoring-${size.width}x${size.height}.png`,
      ),
      animations: 'disabled',
      caret: 'hide',
    });
  }
});

test('an open monitoring page says Connection lost when the BFF stops, and Live again after', async ({
  page,
  navigate,
  bffControl,
}) => {
  const admissions = new AdmissionsPage(page);
  await navigate(admissions.url(), { a11y: false });
  await expect(page.getByRole('status', { name: 'Updates: Live' })).toBeVisible();
  await bffControl.stop();
  await expect(page.getByRole('status', { name: /^Updates: Connection lost/ })).toBeVisible({
    timeout: 20_000,
  });
  await bffControl.start();
  await expect(page.getByRole('status', { name: 'Updates: Live' })).toBeVisible({
    timeout: 30_000,
  });
});
