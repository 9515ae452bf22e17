/**
 * Test support: the real BFF entry point (src/index.ts through tsx) as a child process on an ephemeral
 * port, for tests that need several processes on one store (folder lock, cross-replica notifications).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { testEnv } from './env.js';

const entry = path.join(import.meta.dirname, '..', 'index.ts');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface BffProcess {
  child: ChildProcess;
  base: string;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the entry point and resolves once it prints "listening on". With `expectExit` it also
 * resolves when the process exits first (the caller asserts on `child.exitCode` and the output).
 */
export async function spawnBff(
  env: Record<string, string>,
  options: { expectExit?: boolean } = {},
): Promise<BffProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      ...testEnv.inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      GATED_WEB_DIR: '/nonexistent',
      DATABASE_URL: '',
      LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const proc: BffProcess = {
    child,
    base: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  for (let i = 0; i < 1200; i++) {
    if (out.includes('listening on')) return proc;
    if (child.exitCode !== null) {
      if (options.expectExit) return proc;
      throw new Error(`BFF exited with ${child.exitCode}: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`BFF did not start: ${out}`);
}

/** Signs in and returns the headers a portal session sends. */
export async function signInHeaders(
  base: string,
  username: string,
  password: string,
): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  const me = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' };
}
