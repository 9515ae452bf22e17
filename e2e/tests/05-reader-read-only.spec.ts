import { MeSchema } from '@gated/shared';
import { test, expect } from '../fixtures/test.js';
import { createRule } from '../fixtures/api-helpers.js';
import { paths } from '../fixtures/paths.js';
import { EnvironmentsPage } from '../pages/environments.page.js';
import { RulesPage } from '../pages/security-rules.page.js';
import { AUTH_STATE } from '../support/auth-state.js';

test.use({ storageState: AUTH_STATE.reader });

/** Names of the portal's write commands; a reader may see them only disabled. */
const WRITE_COMMAND =
  /^(add|new|create|edit|delete|disable|enable|save|register|import|install|remove)\b/i;

test('a reader opens every screen but can change nothing, and the server refuses a forced write', async ({
  page,
  navigate,
  api,
  stack,
}) => {
  await createRule(api, {
    name: 'S5 rule readers can see',
    action: 'Audit',
    scope: { name: 'Everything' },
    conditions: { severityThresholds: [{ severity: 'Low', maxAllowed: 10 }] },
  });

  const expectNoEnabledWriteControl = async () => {
    const main = page.getByRole('main');
    for (const control of await main.getByRole('switch').all())
      await expect(control).toBeDisabled();
    for (const button of await main.getByRole('button', { name: WRITE_COMMAND }).all())
      await expect(button).toBeDisabled();
  };

  await navigate(paths.environments);
  await expect(page.getByRole('banner')).toContainText('Security Reader');
  const environments = new EnvironmentsPage(page);
  await expect(
    environments.toggle(await environments.open(stack.environmentName), 'Security Findings'),
  ).toBeDisabled();
  await expectNoEnabledWriteControl();

  await navigate(paths.rules);
  const rules = new RulesPage(page);
  await expect(rules.row('S5 rule readers can see')).toBeVisible();
  await expect(rules.addRule()).toBeDisabled();
  await expectNoEnabledWriteControl();

  await navigate(paths.admissions);
  await expectNoEnabledWriteControl();

  // Forced writes: with the reader's own session (and its CSRF token), and with a reader API token.
  const me = MeSchema.parse(await (await page.request.get('/api/v1/me')).json());
  expect(me.role).toBe('SecurityReader');
  const forced = await page.request.post('/api/v1/rules', {
    headers: { 'x-csrf-token': me.csrfToken ?? '' },
    data: {
      name: 'S5 forced',
      action: 'Deny',
      scope: { name: 'x' },
      conditions: { severityThresholds: [{ severity: 'Low' }] },
    },
  });
  expect(forced.status()).toBe(403);
  const toggled = await page.request.patch(`/api/v1/environments/${stack.environmentId}`, {
    headers: { 'x-csrf-token': me.csrfToken ?? '' },
    data: { extensions: { registryAccess: { securityFindings: false } } },
  });
  expect(toggled.status()).toBe(403);
});
