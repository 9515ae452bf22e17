/**
 * The portal and the API reference work in Chromium under the BFF's strict Content-Security-Policy
 * (bff/src/lib/security-headers.ts): sign in through the form and open every screen with no CSP
 * violation reported, neither as a `securitypolicyviolation` event nor in the console.
 */
import type { Page } from '@playwright/test';
import { test, expect, waitForScreen } from '../fixtures/test.js';
import { paths } from '../fixtures/paths.js';
import { SignInPage } from '../pages/sign-in.page.js';
import { TEST_ACCOUNTS } from '../support/stack-state.js';

// A fresh browser context: the sign-in itself must work under the policy.
test.use({ storageState: { cookies: [], origins: [] } });

/** Collects CSP violations from the page's own events and from console errors. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(msg.text()))
      fromConsole.push(msg.text());
  });
  // Strings, not functions: this package type-checks without the DOM library.
  await page.addInitScript({
    content: `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`,
  });
  return async () => [
    ...fromConsole,
    ...(await page.evaluate<string[]>('window.cspViolations || []')),
  ];
}

test('the portal works under the strict CSP: sign in and open every screen', async ({ page }) => {
  const violations = await watchCsp(page);
  const first = await page.goto(paths.signIn);
  const csp = first?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-eval');
  expect(first?.headers()['x-content-type-options']).toBe('nosniff');

  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(TEST_ACCOUNTS.admin.username, TEST_ACCOUNTS.admin.password);

  for (const path of [paths.environments, paths.rules, paths.newRule, paths.admissions]) {
    await page.goto(path);
    await waitForScreen(page);
  }
  // Fluent's styles were applied (Griffel inserts them at run time): the shell is laid out.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav).toBeVisible();
  expect(await nav.evaluate('(el) => getComputedStyle(el).display')).not.toBe('inline');
  expect(await violations()).toEqual([]);
});

test('the API reference renders under its CSP', async ({ page }) => {
  const violations = await watchCsp(page);
  const res = await page.goto('/api/v1/docs');
  expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
  // Swagger UI renders from a 1.5 MB bundle: allow a loaded machine its time.
  await expect(page.getByRole('heading', { level: 1, name: /Gated Deployment API/ })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.locator('.opblock').first()).toBeVisible();
  expect(await violations()).toEqual([]);
});
