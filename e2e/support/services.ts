import path from 'node:path';
import { gateRequest } from './gate-client.js';
import { startNode, waitUntil, type RunningProcess } from './child-process.js';

/** Repository root (this file is e2e/support/services.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface BffOptions {
  port: number;
  dataDir: string;
  logFile: string;
  /** Extra variables (GATED_DEMO, passwords); everything else is inherited minus our own knobs. */
  env: Record<string, string | undefined>;
  echo?: boolean;
}

/**
 * Variables of ours the caller's shell might carry (e.g. a developer's GATED_DEMO=1); the test
 * stack must not inherit them by accident.
 */
function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      key.startsWith('GATED_') ||
      key.startsWith('GATE_') ||
      key === 'PORT' ||
      key === 'HOST' ||
      key === 'DATABASE_URL'
    ) {
      delete env[key];
    }
  }
  return env;
}

/** Starts the built BFF (`bff/dist/index.js`) and resolves once `/api/v1/health` answers ok. */
export async function startBff(options: BffOptions): Promise<RunningProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const proc = startNode({
    name: 'bff',
    script: path.join(REPO_ROOT, 'bff', 'dist', 'index.js'),
    cwd: path.join(REPO_ROOT, 'bff'),
    env: {
      ...cleanEnv(),
      NODE_ENV: 'production',
      PORT: String(options.port),
      HOST: '127.0.0.1',
      GATED_DATA_DIR: options.dataDir,
      ...options.env,
    },
    logFile: options.logFile,
    ...(options.echo === undefined ? {} : { echo: options.echo }),
  });
  await waitUntil(
    `the BFF on ${url}`,
    async () => {
      const res = await fetch(`${url}/api/v1/health`);
      return res.ok && ((await res.json()) as { status?: string }).status === 'ok';
    },
    proc,
    90_000,
  );
  return proc;
}

export interface GateOptions {
  port: number;
  dataDir: string;
  controlPlaneUrl: string;
  clusterToken: string;
  logFile: string;
  echo?: boolean;
}

/** Starts the built gate (`gate/dist/main.js`, self-signed HTTPS) and resolves once `/readyz` is 200 (a policy is loaded). */
export async function startGate(options: GateOptions): Promise<RunningProcess> {
  const url = `https://127.0.0.1:${options.port}`;
  const proc = startNode({
    name: 'gate',
    script: path.join(REPO_ROOT, 'gate', 'dist', 'main.js'),
    cwd: path.join(REPO_ROOT, 'gate'),
    env: {
      ...cleanEnv(),
      NODE_ENV: 'production',
      GATE_PORT: String(options.port),
      GATE_HOST: '127.0.0.1',
      GATED_DATA_DIR: options.dataDir,
      GATE_CONTROL_PLANE_URL: options.controlPlaneUrl,
      GATE_CLUSTER_TOKEN: options.clusterToken,
    },
    logFile: options.logFile,
    ...(options.echo === undefined ? {} : { echo: options.echo }),
  });
  await waitUntil(
    `the gate's /readyz on ${url}`,
    async () => (await gateRequest(url, '/readyz')).status === 200,
    proc,
    90_000,
  );
  return proc;
}
