/**
 * `pnpm --filter @gated/e2e demo` (what the README's `npm start` runs after building):
 *   1. the BFF with GATED_DEMO=1 on <repo>/data — it seeds demo environments, findings, rules and
 *      a demo cluster, and writes that cluster's gate token to <data>/demo-gate-token;
 *   2. a local gate (self-signed HTTPS) pulling policy with that token;
 *   3. the demo traffic source sending kubectl-made admissions to the gate, a few per second;
 * then prints the portal URL and how to sign in, and stops all three on Ctrl-C / SIGTERM.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningProcess } from '../support/child-process.js';
import { waitUntil } from '../support/child-process.js';
import { REPO_ROOT, startBff, startGate } from '../support/services.js';
import { demoEnv } from './env.js';
import { startTraffic } from './traffic.js';

const dataDir = path.join(REPO_ROOT, 'data');
const tokenFile = path.join(dataDir, 'demo-gate-token');
const log = (line: string) => console.log(`[demo] ${line}`);

let bff: RunningProcess | undefined;
let gate: RunningProcess | undefined;
let traffic: { stop(): void } | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('stopping…');
    traffic?.stop();
    await gate?.stop();
    await bff?.stop();
  }
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));
// `pnpm run` does not pass a SIGTERM on to its script: when our parent goes away, stop as well
// rather than leave the BFF and gate running without anyone to stop them.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stopAll(0);
}, 1000).unref();

async function main(): Promise<void> {
  mkdirSync(path.join(dataDir, 'gate'), { recursive: true });
  const bffUrl = `http://127.0.0.1:${demoEnv.port}`;
  log(`starting the BFF on ${bffUrl} (data in ${dataDir})`);
  // Echo the BFF while it starts: on a first start it prints the generated passwords.
  bff = await startBff({
    port: demoEnv.port,
    dataDir,
    logFile: path.join(dataDir, 'bff.log'),
    env: {
      GATED_DEMO: '1',
      GATED_ADMIN_PASSWORD: demoEnv.adminPassword,
      GATED_READER_PASSWORD: demoEnv.readerPassword,
    },
    echo: true,
  });
  bff.child.stdout?.unpipe(process.stdout);
  bff.child.stderr?.unpipe(process.stderr);

  await waitUntil(
    `the demo gate token in ${tokenFile}`,
    () => Promise.resolve(existsSync(tokenFile)),
    bff,
    60_000,
  );
  const clusterToken = readFileSync(tokenFile, 'utf8').trim();
  const gateUrl = `https://127.0.0.1:${demoEnv.gatePort}`;
  log(`starting the gate on ${gateUrl}`);
  gate = await startGate({
    port: demoEnv.gatePort,
    dataDir: path.join(dataDir, 'gate'),
    controlPlaneUrl: bffUrl,
    clusterToken,
    logFile: path.join(dataDir, 'gate.log'),
  });

  traffic = startTraffic({ gateUrl, ratePerSecond: demoEnv.rate, log });
  const credentials = demoEnv.adminPassword
    ? `admin / ${demoEnv.adminPassword}${demoEnv.readerPassword ? `, reader / ${demoEnv.readerPassword}` : ''}`
    : 'admin and reader, with the passwords the BFF printed above on its first start (set GATED_ADMIN_PASSWORD / GATED_READER_PASSWORD before the first start to choose them)';
  console.log(
    [
      '',
      '  Gated Deployment demo is running',
      `  Portal:      ${bffUrl}/`,
      `  Sign in as:  ${credentials}`,
      `  API docs:    ${bffUrl}/api/v1/docs`,
      `  Gate:        ${gateUrl}/validate (self-signed), receiving ~${demoEnv.rate} demo admissions/s`,
      `  Logs:        ${path.join(dataDir, 'bff.log')}, ${path.join(dataDir, 'gate.log')}`,
      '  Stop:        Ctrl-C',
      '',
    ].join('\n'),
  );
  for (const proc of [bff, gate]) {
    proc.child.once('exit', (code) => {
      if (!stopping) {
        log(`${proc.name} exited (code ${String(code)}); see ${proc.logFile}`);
        void stopAll(1);
      }
    });
  }
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
