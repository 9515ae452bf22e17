import { SwitchOffImpactSchema } from '@gated/shared';
import { test, expect } from '../fixtures/test.js';
import { createRule, ruleNamed } from '../fixtures/api-helpers.js';
import { paths } from '../fixtures/paths.js';
import { EnvironmentsPage } from '../pages/environments.page.js';
import { RuleWizard } from '../pages/rule-wizard.page.js';
import { RulesPage } from '../pages/security-rules.page.js';

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

test('switching a rule from Audit to Deny shows the impact preview and saves only once it is acknowledged', async ({
  page,
  api,
  navigate,
}) => {
  const name = 'S17 audit then deny';
  const rule = await createRule(api, {
    name,
    action: 'Audit',
    scope: { name: 'all' },
    conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
  });
  await navigate(paths.rules);
  const rules = new RulesPage(page);
  await rules.openEditor(name);
  const wizard = new RuleWizard(page);
  await page.getByRole('radio', { name: /^Deny:/ }).check();
  await wizard.saveButton().click();

  // The save stops on Review: the preview of this draft and the acknowledgement it needs.
  await expect(page.getByRole('tab', { selected: true })).toHaveText(/Review$/);
  const preview = page.getByRole('region', { name: 'Impact preview' });
  await expect(preview.getByRole('group', { name: 'Impact counts' })).toContainText(
    'would be denied',
  );
  await expect(preview.getByText(/tick this to save it/)).toBeVisible();
  expect((await ruleNamed(api, name))?.action).toBe('Audit');

  await wizard.impactAcknowledgement().check();
  await wizard.saveButton().click();
  await expect(page).toHaveURL(/\/rules(\?.*)?$/);
  await expect(rules.row(name)).toContainText('Deny');
  expect(await ruleNamed(api, name)).toMatchObject({ id: rule.id, action: 'Deny', revision: 2 });

  // The server enforces it too: a Deny save without the preview's acknowledgement is refused.
  const bare = await api.post('/api/v1/rules', {
    data: {
      name: 'S17 unacknowledged',
      action: 'Deny',
      scope: { name: 'all' },
      conditions: { cveIds: ['CVE-2024-3094'] },
    },
  });
  expect(bare.status()).toBe(428);
  expect(((await bare.json()) as { code: string }).code).toBe('IMPACT_NOT_ACKNOWLEDGED');
});

test('turning Defender Sensor off asks first and says how many clusters and rules it reaches', async ({
  page,
  api,
  stack,
  navigate,
}) => {
  const res = await api.get(`/api/v1/environments/${stack.environmentId}/switch-off-impact`);
  expect(res.status()).toBe(200);
  const impact = SwitchOffImpactSchema.parse(await res.json());
  expect(impact.clusters).toBeGreaterThan(0);

  await navigate(paths.environments);
  const environments = new EnvironmentsPage(page);
  const details = await environments.open(stack.environmentName);
  await environments.toggle(details, 'Defender Sensor').click();
  const dialog = environments.switchOffDialog('Defender Sensor');
  await expect(dialog).toContainText(
    `${count(impact.clusters, 'cluster')} admit every workload without evaluation, and ${count(impact.rules, 'rule')} (${count(impact.denyRules, 'Deny rule')})`,
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(environments.toggle(details, 'Defender Sensor')).toBeChecked();
  const env = await api.get(`/api/v1/environments/${stack.environmentId}`);
  expect(
    ((await env.json()) as { extensions: { defenderSensor: { enabled: boolean } } }).extensions
      .defenderSensor.enabled,
  ).toBe(true);
});

test('a deleted rule comes back with Undo in the toast', async ({ page, api, navigate }) => {
  const name = 'S17 delete and undo';
  const rule = await createRule(api, {
    name,
    action: 'Deny',
    scope: { name: 'all' },
    conditions: { cveIds: ['CVE-2024-3094'] },
  });
  await navigate(paths.rules);
  const rules = new RulesPage(page);
  await rules.select(name);
  await page.getByRole('toolbar').getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete this rule?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(rules.row(name)).toHaveCount(0);
  expect(await ruleNamed(api, name)).toBeUndefined();

  const toast = page.getByRole('listitem').filter({ hasText: `Rule “${name}” deleted` });
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(rules.row(name)).toHaveCount(1);
  expect(await ruleNamed(api, name)).toMatchObject({ id: rule.id, action: 'Deny' });
});
