/**
 * Single sign-on in Chromium: a second BFF configured for a real OpenID provider started here.
 * A person in the admin group gets Security Admin, one in the reader group Security Reader, and one
 * in no mapped group is refused with a clear message and no session. Sign-out ends the portal's
 * session and the provider's (RP-initiated logout).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../fixtures/a11y.js';
import type { RunningProcess } from '../support/child-process.js';
import { freePort } from '../support/free-port.js';
import { startOidcProvider, type RunningProvider } from '../support/oidc-provider.js';
import { startBff } from '../support/services.js';
import { TEST_ACCOUNTS } from '../support/stack-state.js';

test.use({ storageState: { cookies: [], origins: [] } });

let provider: RunningProvider;
let bff: RunningProcess;
let portal: string;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gated-e2e-oidc-'));
  const port = await freePort();
  portal = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider(portal);
  bff = await startBff({
    port,
    dataDir: path.join(dir, 'bff-data'),
    logFile: path.join(dir, 'bff.log'),
    env: {
      GATED_ADMIN_PASSWORD: TEST_ACCOUNTS.admin.password,
      GATED_READER_PASSWORD: TEST_ACCOUNTS.reader.password,
      GATED_WEB_DIR: process.env.GATED_E2E_WEB_DIR,
      GATED_OIDC_ISSUER: provider.issuer,
      GATED_OIDC_CLIENT_ID: provider.clientId,
      GATED_OIDC_CLIENT_SECRET: provider.clientSecret,
      GATED_OIDC_SCOPES: 'openid profile groups',
      GATED_OIDC_ADMIN_GROUPS: 'sec-admins',
      GATED_OIDC_READER_GROUPS: 'sec-readers',
      GATED_OIDC_PROVIDER_NAME: 'Contoso ID',
    },
  });
});

test.afterAll(async () => {
  await bff?.stop();
  await provider?.stop();
  rmSync(path.join(dir, 'bff-data'), { recursive: true, force: true });
});

/** From the portal's sign-in page through the provider's login form (any password there). */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  // The provider's development pages import a web font; this machine has no internet.
  await page.route('https://fonts.googleapis.com/**', (route) => route.abort());
  await page.goto(`${portal}/sign-in?from=%2Frules`);
  await page.getByRole('link', { name: 'Sign in with Contoso ID' }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  // The provider's own form has no labels, only placeholders.
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test('an admin-group user signs in through the provider as Security Admin and signs out of both', async ({
  page,
}) => {
  await signInAtProvider(page, 'alice');
  await expect(page).toHaveURL(`${portal}/rules`);
  const banner = page.getByRole('banner');
  await expect(banner).toContainText('alice');
  await expect(banner).toContainText('Security Admin');
  const commands = page.getByRole('toolbar', { name: 'Security rules commands' });
  await expect(commands.getByRole('button', { name: 'Add rule' })).toBeEnabled();

  await banner.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(`${portal}/sign-in`);
  await page.goto(`${portal}/rules`);
  await expect(page.getByRole('heading', { name: 'Sign in to Gated Deployment' })).toBeVisible();
});

test('a reader-group user gets Security Reader', async ({ page }) => {
  await signInAtProvider(page, 'rita');
  await expect(page).toHaveURL(`${portal}/rules`);
  await expect(page.getByRole('banner')).toContainText('Security Reader');
});

test('a user without a mapped group is refused with a clear message and no session', async ({
  page,
}) => {
  await signInAtProvider(page, 'bob');
  await expect(page).toHaveURL(`${portal}/sign-in?sso=refused`);
  await expect(
    page.getByText(
      'Your Contoso ID account is not in a group that grants access to Gated Deployment',
      { exact: false },
    ),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'sign-in page after a refused single sign-on');
  const me = await page.request.get(`${portal}/api/v1/me`);
  expect(me.status()).toBe(401);
});
