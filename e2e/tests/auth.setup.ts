import { test } from '../fixtures/test.js';
import { SignInPage } from '../pages/sign-in.page.js';
import { TEST_ACCOUNTS } from '../support/stack-state.js';
import { AUTH_STATE } from '../support/auth-state.js';

// Sign in once per role through the real form and keep the session for every later test.
for (const role of ['admin', 'reader'] as const) {
  test(`sign in as ${role}`, async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.open();
    await signIn.signIn(TEST_ACCOUNTS[role].username, TEST_ACCOUNTS[role].password);
    await page.context().storageState({ path: AUTH_STATE[role] });
  });
}
