import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** A long-running Node process of ours (BFF or gate) whose output goes to a log file. */
export interface RunningProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  name: string;
  /** Script run with the current `node`. */
  script: string;
  cwd: string;
  env: Record<string, string | undefined>;
  logFile: string;
  /** Also copy output to this process's stdout/stderr (the demo does; tests keep it in the log). */
  echo?: boolean;
}

export function startNode(options: StartOptions): RunningProcess {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, [options.script], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  if (options.echo) {
    child.stdout?.pipe(process.stdout, { end: false });
    child.stderr?.pipe(process.stderr, { end: false });
  }
  child.once('exit', (code, signal) => {
    log.end(`\n[e2e] ${options.name} exited code=${String(code)} signal=${String(signal)}\n`);
  });
  return {
    name: options.name,
    child,
    logFile: options.logFile,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `check` until it resolves true, the process dies, or `timeoutMs` passes. Startup on a
 * loaded 2-core machine can take a while (PGlite initdb alone is ~2 s), hence the generous default.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  proc?: RunningProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`${proc.name} exited before ${what}; see ${proc.logFile}`);
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${proc ? `; see ${proc.logFile}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
