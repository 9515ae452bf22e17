/**
 * Vitest projects of the e2e package (Playwright owns tests/*.spec.ts):
 * - `images`: builds, pushes and runs both container images with buildah (minutes; its own CI stage:
 *   `pnpm --filter @gated/e2e run images`);
 * - `install`: docs/install.md's commands, the monitoring rules and dashboard, against local tools;
 * - `contract`: the portal's msw handlers against the real BFF's OpenAPI document.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'images',
          include: ['images/**/*.test.ts'],
          testTimeout: 30 * 60_000,
          hookTimeout: 20 * 60_000,
        },
      },
      {
        test: {
          name: 'install',
          include: ['install/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The handlers import by the portal's `@/` alias (web/vite.config.ts).
        resolve: {
          alias: [
            { find: /^@\//, replacement: fileURLToPath(new URL('../web/src/', import.meta.url)) },
          ],
        },
        test: {
          name: 'contract',
          include: ['contract/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
