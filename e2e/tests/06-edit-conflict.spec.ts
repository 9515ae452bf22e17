import { test, expect } from '../fixtures/test.js';
import { createRule } from '../fixtures/api-helpers.js';
import { paths } from '../fixtures/paths.js';
import { RuleWizard } from '../pages/rule-wizard.page.js';
import { AUTH_STATE } from '../support/auth-state.js';

test('two admins edit the same rule: the second save is told it changed meanwhile', async ({
  browser,
  api,
  baseURL,
}) => {
  const rule = await createRule(api, {
    name: 'S6 shared rule',
    action: 'Audit',
    scope: { name: 'Everything' },
    conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 0 }] },
  });
  const [alice, bob] = await Promise.all(
    [0, 1].map(() =>
      browser.newContext({ storageState: AUTH_STATE.admin, ...(baseURL ? { baseURL } : {}) }),
    ),
  );
  if (!alice || !bob) throw new Error('two browser contexts expected');
  try {
    const alicePage = await alice.newPage();
    const bobPage = await bob.newPage();
    await alicePage.goto(paths.editRule(rule.id));
    await bobPage.goto(paths.editRule(rule.id));
    const aliceWizard = new RuleWizard(alicePage);
    const bobWizard = new RuleWizard(bobPage);
    await expect(aliceWizard.name()).toHaveValue(rule.name);
    await expect(bobWizard.name()).toHaveValue(rule.name);

    await aliceWizard.description().fill('Alice: tightened after the audit');
    await aliceWizard.goToStep('Review');
    await aliceWizard.save();

    await bobWizard.description().fill('Bob: loosened for the release');
    await bobWizard.goToStep('Review');
    const conflict = await bobWizard.saveExpectingConflict();
    // The dialog says what happened (a newer revision) and offers reload or overwrite.
    await expect(conflict).toContainText(/revision 2/);
    await expect(conflict.getByRole('button', { name: 'Reload theirs' })).toBeVisible();
    await conflict.getByRole('button', { name: 'Reload theirs' }).click();
    await expect(conflict).toBeHidden();
    await bobWizard.goToStep('Basics');
    await expect(bobWizard.description()).toHaveValue('Alice: tightened after the audit');

    const stored = await api.get(`/api/v1/rules/${rule.id}`);
    expect(((await stored.json()) as { description?: string }).description).toBe(
      'Alice: tightened after the audit',
    );
  } finally {
    await alice.close();
    await bob.close();
  }
});
