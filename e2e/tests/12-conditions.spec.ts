import path from 'node:path';
import { test, expect } from '../fixtures/test.js';
import { admissionReview, generateWorkload } from '../fixtures/kube.js';
import { paths } from '../fixtures/paths.js';
import { RuleWizard } from '../pages/rule-wizard.page.js';
import { RulesPage } from '../pages/security-rules.page.js';

const RULE = 'S12 deny what matters';
const NAMESPACE = 's12-shop';
/** Real CISA and FIRST excerpts (shared/src/catalogues/fixtures/README.md names their sources). */
const FIXTURES = path.join(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'src',
  'catalogues',
  'fixtures',
);

test('an admin imports CISA KEV and FIRST EPSS, builds a rule from the new conditions, and the gate decides by them', async ({
  page,
  navigate,
  gate,
  uploadScan,
}) => {
  // The threat catalogues panel imports the files as CISA and FIRST publish them.
  await navigate(paths.rules);
  const panel = page.getByRole('region', { name: 'Threat catalogues' });
  await panel
    .getByLabel('CISA Known Exploited Vulnerabilities file')
    .setInputFiles(path.join(FIXTURES, 'known_exploited_vulnerabilities.2025.02.25.excerpt.json'));
  await expect(panel.getByRole('status')).toHaveText('Imported 3 entries of 2025-02-25.');
  await panel
    .getByLabel('FIRST EPSS scores file')
    .setInputFiles(path.join(FIXTURES, 'epss_scores-2026-03-28.excerpt.csv'));
  await expect(panel.getByRole('row', { name: /FIRST EPSS/ })).toContainText('v2025.03.14');
  await expect(panel.getByRole('row', { name: /CISA Known Exploited/ })).toContainText(
    '2025.02.25',
  );

  // The wizard offers the new conditions, each naming the catalogue it reads.
  await navigate(paths.newRule);
  const wizard = new RuleWizard(page);
  await wizard.fillBasics({ name: RULE, action: 'Deny' });
  await wizard.next();
  await wizard.fillScope({
    name: 'Shop',
    conditions: [{ kind: 'Namespace', match: 'Equals', value: NAMESPACE }],
  });
  await wizard.next();
  await wizard.setSeverityThreshold('High', 0);
  await page.getByRole('checkbox', { name: 'High: count only findings with a fix' }).check();
  await page.getByRole('checkbox', { name: /Known exploited/ }).check();
  await expect(page.getByText('Uses CISA KEV 2025.02.25 of 2025-02-25 (3 entries).')).toBeVisible();
  await page.getByRole('checkbox', { name: 'EPSS score at least' }).check();
  const epss = page.getByRole('spinbutton', { name: 'EPSS score (0 to 1)' });
  await epss.fill('0.5');
  await epss.press('Tab');
  await expect(
    page.getByText('Uses FIRST EPSS v2025.03.14 of 2026-03-28 (4 entries).'),
  ).toBeVisible();
  await expect(
    page.getByRole('checkbox', { name: 'Report older than a maximum age' }),
  ).toBeVisible();
  await wizard.next();
  await wizard.next();
  await expect(
    page.getByText(
      /more than 0 fixable High-or-higher findings, a known exploited vulnerability \(CISA KEV\) or an EPSS score of at least 0\.5/,
    ),
  ).toBeVisible();
  await wizard.save();
  await expect(new RulesPage(page).row(RULE)).toContainText('KEV');

  const unfixed = await uploadScan('shopacr.azurecr.io/s12/unfixed:1.0.0', [
    { id: 'CVE-2024-1111', severity: 'HIGH', pkg: 'libexample', installed: '1.2.0' },
  ]);
  const fixable = await uploadScan('shopacr.azurecr.io/s12/fixable:1.0.0', [
    {
      id: 'CVE-2024-2222',
      severity: 'HIGH',
      pkg: 'libexample',
      installed: '1.2.0',
      fixed: '1.2.3',
    },
  ]);
  const exploited = await uploadScan('shopacr.azurecr.io/s12/exploited:1.0.0', [
    { id: 'CVE-2025-0108', severity: 'MEDIUM', pkg: 'pan-os', installed: '10.2.0' },
  ]);
  const likely = await uploadScan('shopacr.azurecr.io/s12/likely:1.0.0', [
    {
      id: 'CVE-2021-44228',
      severity: 'LOW',
      pkg: 'log4j-core',
      installed: '2.14.1',
      fixed: '2.15.0',
    },
  ]);
  const review = async (name: string, image: string) => {
    const answer = await gate.review(
      admissionReview(
        generateWorkload({ kind: 'Deployment', name, namespace: NAMESPACE, images: [image] }),
      ),
    );
    return { allowed: answer.allowed, message: answer.status?.message ?? '' };
  };
  await expect
    .poll(async () => (await review('fixable', fixable.reference)).allowed, {
      message: 'the gate enforces the new rule',
      timeout: 30_000,
    })
    .toBe(false);
  expect((await review('fixable', fixable.reference)).message).toContain(
    'CVE-2024-2222 (High, libexample 1.2.0, fix available: 1.2.3)',
  );
  expect((await review('unfixed', unfixed.reference)).allowed).toBe(true);
  const kev = await review('exploited', exploited.reference);
  expect(kev.allowed).toBe(false);
  expect(kev.message).toContain('known exploited (CISA KEV 2025.02.25): CVE-2025-0108');
  expect(kev.message).toContain('no fix yet, known exploited (CISA KEV)');
  const epssAnswer = await review('likely', likely.reference);
  expect(epssAnswer.allowed).toBe(false);
  expect(epssAnswer.message).toContain('CVE-2021-44228 EPSS 0.94 ≥ 0.5');
});
