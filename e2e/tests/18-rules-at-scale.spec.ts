import { calendarDateInZone, RuleListSchema } from '@gated/shared';
import { test, expect } from '../fixtures/test.js';
import { createRule, listRules, ruleNamed } from '../fixtures/api-helpers.js';
import { paths } from '../fixtures/paths.js';
import { RuleWizard } from '../pages/rule-wizard.page.js';
import { RulesPage } from '../pages/security-rules.page.js';

const DAY_MS = 86_400_000;
const SOURCE = 'S18 payments deny';
const EXISTING = 'S18 audit existing';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const doc = (rules: string) => `apiVersion: gated.dev/v1\nkind: SecurityRuleList\nrules:\n${rules}`;
const yamlRule = (name: string, action = 'Audit') =>
  `  - name: ${name}\n    action: ${action}\n    scope: { name: S18 }\n    conditions: { cveIds: [CVE-2024-3094] }\n`;

test('rules at scale: import preview refuses all on one error, duplicate, multi-select disable, expiring exemptions', async ({
  page,
  navigate,
  api,
}) => {
  // The exemption ends three days from now (the stack's clock is the machine's), in UTC.
  const lastDay = calendarDateInZone(Date.now() + 3 * DAY_MS, 'UTC');
  await createRule(api, {
    name: SOURCE,
    action: 'Deny',
    scope: { name: 'Payments' },
    conditions: { cveIds: ['CVE-2024-3094'] },
    exemptions: [
      {
        type: 'Namespace',
        match: 'Equals',
        value: 'payments-canary',
        validUntil: lastDay,
        timeZone: 'UTC',
        reason: 'S18 canary waits for the patched base image',
      },
    ],
  });
  await createRule(api, {
    name: EXISTING,
    action: 'Audit',
    scope: { name: 'S18' },
    conditions: { cveIds: ['CVE-2024-3094'] },
  });
  const rules = new RulesPage(page);
  await navigate(paths.rules);

  // 1. Import: one refused rule shows in the preview and refuses the whole document.
  const refused = doc(yamlRule('S18 imported one') + yamlRule('S18 imported bad', 'Block'));
  await rules.previewImport(refused);
  await expect(rules.importPreview().getByRole('row', { name: /S18 imported one/ })).toContainText(
    'Create',
  );
  await expect(rules.importPreview().getByRole('row', { name: /S18 imported bad/ })).toContainText(
    /Refused.*rules\.1\.action/,
  );
  await expect(rules.importDialog().getByRole('button', { name: /^Import/ })).toBeDisabled();
  // The server refuses the commit too, and creates nothing.
  const commit = await api.post('/api/v1/rules/import', {
    data: refused,
    headers: { 'content-type': 'application/yaml' },
  });
  expect(commit.status()).toBe(400);
  expect(await ruleNamed(api, 'S18 imported one')).toBeUndefined();

  // A valid document: the preview says what changes, and the import applies it.
  await rules.previewImport(
    doc(yamlRule('S18 imported one') + yamlRule('S18 imported two') + yamlRule(EXISTING, 'Deny')),
  );
  await expect(
    rules.importPreview().getByRole('row', { name: new RegExp(EXISTING) }),
  ).toContainText(/Change.*action: Audit → Deny/);
  await rules.importDialog().getByRole('button', { name: 'Import 3 rules' }).click();
  await expect(rules.importDialog()).toBeHidden();
  await expect(rules.row('S18 imported one')).toBeVisible();
  await expect(rules.row('S18 imported two')).toBeVisible();

  // 2. Duplicate: the wizard opens with a copy under a unique name, saved as a new rule.
  await rules.select(SOURCE);
  await rules.duplicate().click();
  const wizard = new RuleWizard(page);
  await expect(wizard.name()).toHaveValue(`${SOURCE} (copy)`);
  await wizard.goToStep('Review');
  await wizard.save();
  await expect(rules.row(`${SOURCE} (copy)`)).toBeVisible();
  const copy = await ruleNamed(api, `${SOURCE} (copy)`);
  const source = await ruleNamed(api, SOURCE);
  expect(copy?.id).not.toBe(source?.id);
  expect(copy?.exemptions).toEqual(source?.exemptions);

  // 3. Multi-select: disable two rules in one action (the saved copy comes back selected).
  await rules.unselect(`${SOURCE} (copy)`);
  await rules.select('S18 imported one');
  await rules.select('S18 imported two');
  await rules.selectionBar().getByRole('button', { name: 'Disable 2 rules' }).click();
  await expect(rules.row('S18 imported one')).toContainText('Disabled');
  await expect(rules.row('S18 imported two')).toContainText('Disabled');
  const stored = RuleListSchema.parse({ items: await listRules(api) }).items;
  expect(stored.filter((r) => r.name.startsWith('S18 imported')).map((r) => r.enabled)).toEqual([
    false,
    false,
  ]);

  // 4. Exemptions expiring in 7 days: the nav badge counts them, the view lists both copies.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByLabel(/exemptions? expiring in 7 days/)).toBeVisible();
  await page.getByRole('link', { name: /Exemptions expiring in 7 days/ }).click();
  const table = page.getByRole('table', { name: 'Exemptions expiring in 7 days' });
  for (const name of [SOURCE, `${SOURCE} (copy)`]) {
    const row = table
      .getByRole('row')
      .filter({ hasText: new RegExp(`^${escape(name)}(?! \\(copy)`) });
    await expect(row).toContainText('Namespace equals payments-canary');
    await expect(row).toContainText('S18 canary waits for the patched base image');
    await expect(row).toContainText(`${lastDay} (UTC)`);
  }
  await navigate(paths.expiringExemptions);
});
