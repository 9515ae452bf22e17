// Takes the README screenshots from the mock-mode dev server (`pnpm dev:mock` running on
// PORT, default 5173) with a system Chromium, light and dark. Not part of the build; run by hand:
//   pnpm dev:mock --port 5199 & node scripts/screenshots.mjs 5199
// Playwright is borrowed from the e2e package (web does not depend on it).
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(import.meta.dirname, '..', '..', 'e2e', 'package.json'));
const { chromium } = require('@playwright/test');
const port = process.argv[2] ?? '5173';
const base = `http://127.0.0.1:${port}`;
const out = join(import.meta.dirname, '..', 'docs', 'screenshots');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
});
try {
  for (const theme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.addInitScript((t) => localStorage.setItem('gated.theme.admin', t), theme);
    await page.goto(`${base}/environments`, { timeout: 180_000 });
    await page.getByRole('heading', { name: 'Clusters' }).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(out, `environments-${theme}.png`) });
    await page.goto(`${base}/admissions`);
    await page.getByRole('table', { name: 'Admission events' }).waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(out, `admissions-${theme}.png`) });
    await page.getByRole('table', { name: 'Admission events' }).getByRole('link').nth(3).click();
    await page.getByRole('heading', { name: 'Evaluation trace' }).waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(out, `admission-drawer-${theme}.png`) });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`screenshots written to ${out}`);
