import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Many gate tests start real HTTPS servers, child processes and file watchers; on a loaded
    // two-core CI machine these take longer than vitest's 5 s default. This is a budget for a
    // hung test, not a speed assertion (speed is measured by the benches).
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
