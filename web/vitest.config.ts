import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      setupFiles: ['./src/testing/setup.ts'],
      include: ['src/**/*.test.{ts,tsx}'],
      // A bound for a loaded 2-core machine, not a speed check: a lazy screen plus axe took 63 s there.
      testTimeout: 180_000,
      css: false,
    },
  }),
);
