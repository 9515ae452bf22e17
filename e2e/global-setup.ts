import type { FullConfig } from '@playwright/test';
import { startStack, type Stack } from './support/stack.js';
import { STATE_ENV } from './support/stack-state.js';

/** Shared with global-teardown.ts, which Playwright runs in this same runner process. */
declare global {
  var gatedE2eStack: Stack | undefined;
}

export default async function globalSetup(_config: FullConfig): Promise<void> {
  const stack = await startStack();
  globalThis.gatedE2eStack = stack;
  // Workers are forked after global setup and inherit this.
  process.env[STATE_ENV] = stack.stateFile;
  console.log(
    `[e2e] BFF ${stack.state.bff.url}, gate ${stack.state.gate.url}, logs in ${stack.state.dir}`,
  );
}
