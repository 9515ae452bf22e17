import { readFileSync, writeFileSync } from 'node:fs';

/** The env var through which global setup tells the test workers where the running stack is. */
export const STATE_ENV = 'GATED_E2E_STATE';

/** Passwords the BFF seeds its built-in accounts with on first start (test values, never real). */
export const TEST_ACCOUNTS = {
  admin: { username: 'admin', password: 'e2e-admin-Correct-Horse-42' },
  reader: { username: 'reader', password: 'e2e-reader-Battery-Staple-42' },
} as const;

/** Everything a test needs to reach the stack global setup started. */
export interface StackState {
  /** Temporary folder holding data dirs, logs and this file. */
  dir: string;
  bff: { url: string; port: number; dataDir: string; logFile: string };
  gate: { url: string; port: number; dataDir: string; logFile: string };
  /** The runner-side control endpoint that stops and restarts the BFF (scenario 7). */
  controlUrl: string;
  /** Bearer tokens minted at setup, so API calls from tests need no CSRF dance. */
  adminApiToken: string;
  readerApiToken: string;
  environmentId: string;
  environmentName: string;
  clusterId: string;
  clusterName: string;
  /** Loopback port the BFF may deliver notifications to (GATED_NOTIFY_ALLOWED_HOSTS); scenario 11 listens on it. */
  notifyReceiverPort: number;
}

export function writeStackState(file: string, state: StackState): void {
  writeFileSync(file, JSON.stringify(state, null, 2));
}

/** Reads the state global setup wrote; fails loudly when the suite was started without it. */
export function readStackState(): StackState {
  const file = process.env[STATE_ENV];
  if (!file)
    throw new Error(`${STATE_ENV} is not set: run the suite with \`pnpm --filter @gated/e2e e2e\``);
  return JSON.parse(readFileSync(file, 'utf8')) as StackState;
}
