/**
 * The memory figure on the gate as it ships: `node dist/…` without tsx (whose loader thread is a
 * second V8 isolate that the bench's own gate process carries). A child runs the built
 * `startGate` against the bench's fake control plane, is sent the same 100,000 findings, takes
 * a short load at the fixed rate, then reports its RSS after a full GC and its peak (VmHWM).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FindingsReport } from '@gated/shared';

const dist = new URL('../dist/', import.meta.url);

/** Runs inside the child (plain node, ESM): kept as text so no file needs a build of its own. */
const CHILD = `
import { readFileSync } from 'node:fs';
const { readEnv } = await import(new URL('env.js', process.env.BENCH_DIST).href);
const { startGate } = await import(new URL('gate.js', process.env.BENCH_DIST).href);
const gate = await startGate(
  readEnv({ ...process.env, GATE_PORT: '0', GATE_HOST: '127.0.0.1', GATE_LOG_LEVEL: 'warn' }),
);
process.on('message', (m) => {
  if (m.reports) {
    for (const r of m.reports) gate.findings.putReport(r.digest, r);
    for (const [tag, digest] of m.tags) gate.findings.putTag(tag, digest);
    const wait = () => (gate.policy.current ? process.send({ port: gate.port }) : setTimeout(wait, 20));
    wait();
  }
  if (m === 'memory') {
    globalThis.gc();
    const hwm = /^VmHWM:\\s+(\\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    process.send({
      memory: {
        rssMb: Math.round(process.memoryUsage().rss / 1e6),
        heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1e6),
        peakMb: hwm ? Math.round((Number(hwm) * 1024) / 1e6) : null,
        cachedReports: gate.findings.size.reports,
      },
    });
  }
  if (m === 'stop') void gate.stop().then(() => process.exit(0));
});
process.send({ started: true });
`;

export interface BuiltGate {
  child: ChildProcess;
  port: number;
  memory(): Promise<{
    rssMb: number;
    heapUsedMb: number;
    peakMb: number | null;
    cachedReports: number;
  }>;
  stop(): Promise<void>;
}

/** Null when the gate is not built (`pnpm --filter @gated/gate build`). */
export async function startBuiltGate(
  env: Record<string, string>,
  reports: FindingsReport[],
  tags: [string, string][],
): Promise<BuiltGate | null> {
  if (!existsSync(new URL('gate.js', dist))) return null;
  const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', CHILD], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, ...env, BENCH_DIST: dist.href },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = <T>(field: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (!(field in m)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m[field] as T);
      };
      const onExit = (code: number | null) => reject(new Error(`built gate exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  await next<boolean>('started');
  const port = next<number>('port');
  child.send({ reports, tags });
  return {
    child,
    port: await port,
    memory: () => {
      const answer = next<Awaited<ReturnType<BuiltGate['memory']>>>('memory');
      child.send('memory');
      return answer;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
