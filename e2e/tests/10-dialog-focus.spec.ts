import { test, expect } from '../fixtures/test.js';
import { paths } from '../fixtures/paths.js';
import { EnvironmentsPage } from '../pages/environments.page.js';

// A Fluent dialog whose focus trap is registered after focus has moved into it is left
// aria-hidden: Playwright's role queries then cannot find its controls. This opens the cluster
// dialog repeatedly (the case that raced in jsdom) and goes through its two views, form and token,
// in real Chromium; every control is found by role, so a hidden surface fails the test.
test('the register-cluster dialog is accessible every time it opens, in both of its views', async ({
  page,
  navigate,
  stack,
}) => {
  const environments = new EnvironmentsPage(page);
  await navigate(paths.environments);
  const env = await environments.open(stack.environmentName);

  for (let attempt = 1; attempt <= 5; attempt++) {
    await env.getByRole('button', { name: 'Register cluster' }).click();
    const form = page.getByRole('dialog', { name: 'Register cluster' });
    await form.getByRole('textbox', { name: /Cluster name/ }).fill(`probe-${attempt}`);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(form).toHaveCount(0);
  }

  const name = `dialog-check-${Date.now().toString(36)}`;
  await env.getByRole('button', { name: 'Register cluster' }).click();
  const form = page.getByRole('dialog', { name: 'Register cluster' });
  await form.getByRole('textbox', { name: /Cluster name/ }).fill(name);
  await form.getByRole('button', { name: 'Register' }).click();
  const shown = page.getByRole('dialog', { name: `Cluster ${name} registered` });
  await expect(shown.getByRole('textbox', { name: 'Gate token' })).toHaveValue(/^gdg_/);
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toHaveCount(0);
  await expect(env.getByRole('cell', { name, exact: true }).first()).toBeVisible();
});
