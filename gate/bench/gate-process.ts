/**
 * Child process of bench.ts: the real gate (startGate), its cache preloaded with 100,000 findings
 * (4,000 image digests × 25 vulnerabilities, the size of a large cluster's working set).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type * as EnvModule from '../src/env.js';
import type * as GateModule from '../src/gate.js';
import { benchFindings } from './workload.js';

// BENCH_GATE_CODE=dist runs the built gate (tsc output, as it ships) instead of the sources
// through tsx's transform; bench.ts picks dist when it exists.
const from = process.env.BENCH_GATE_CODE === 'dist' ? '../dist/' : '../src/';
const { startGate } = (await import(`${from}gate.js`)) as typeof GateModule;
const { readEnv } = (await import(`${from}env.js`)) as typeof EnvModule;

/** Garbage collections since the last `gc` message, by kind: the pauses behind the paced tail. */
export interface GcTally {
  count: number;
  totalMs: number;
  maxMs: number;
}
/** Event-loop delay percentiles (ms) over the same window. */
export interface LoopDelay {
  p99: number;
  p999: number;
  max: number;
}
/** Each collection as [start (epoch ms), duration ms, young?], at most MAX_PAUSES per window. */
export type GcPause = [number, number, boolean];
const MAX_PAUSES = 10_000;
const freshTally = (): Record<'young' | 'full', GcTally> & { pauses: GcPause[] } => ({
  young: { count: 0, totalMs: 0, maxMs: 0 },
  full: { count: 0, totalMs: 0, maxMs: 0 },
  pauses: [],
});
let gcTally = freshTally();
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    const young = kind === constants.NODE_PERFORMANCE_GC_MINOR;
    const t = young ? gcTally.young : gcTally.full;
    if (gcTally.pauses.length < MAX_PAUSES)
      gcTally.pauses.push([performance.timeOrigin + entry.startTime, entry.duration, young]);
    t.count++;
    t.totalMs += entry.duration;
    t.maxMs = Math.max(t.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

/**
 * How late the event loop ran a 1 ms timer, over the same window as the GC tally: a turn that
 * blocks the loop (a collection, a long synchronous task) delays every answer waiting behind it.
 */
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

const gate = await startGate(
  readEnv({ ...process.env, GATE_PORT: '0', GATE_HOST: '127.0.0.1', GATE_LOG_LEVEL: 'warn' }),
);
const DIGESTS = Number(process.env.BENCH_CACHED_DIGESTS ?? 4000);
const PER_DIGEST = Number(process.env.BENCH_FINDINGS_PER_DIGEST ?? 25);
const preload = benchFindings(DIGESTS, PER_DIGEST);
for (const report of preload.reports) gate.findings.putReport(report.digest, report);
for (const [tag, digest] of preload.tags) gate.findings.putTag(tag, digest);
while (!gate.policy.current) await new Promise((r) => setTimeout(r, 20));
const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
process.send?.({
  port: gate.port,
  cachedReports: gate.findings.size.reports,
  cachedFindings: DIGESTS * PER_DIGEST,
  heapMb,
  rssMb: Math.round(process.memoryUsage().rss / 1e6),
});
process.on('message', (m) => {
  // CPU time used so far: the bench divides it by requests served (contention-independent cost).
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  // Server-side latency of the last 4,096 admissions as the gate measures it: decode → decision
  // (the answer is written at the end of that turn).
  if (m === 'latency')
    process.send?.({
      latency: {
        p50: gate.metrics.recentLatency.quantile(0.5),
        p99: gate.metrics.recentLatency.quantile(0.99),
      },
    });
  // Resident memory now and at its peak (the kernel's VmHWM), after the runs.
  if (m === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    process.send?.({
      memory: {
        rssMb: Math.round(process.memoryUsage().rss / 1e6),
        heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1e6),
        peakMb: hwm ? Math.round((Number(hwm) * 1024) / 1e6) : null,
        cachedReports: gate.findings.size.reports,
      },
    });
  }
  // CPU time (ms) by thread name: the main thread, V8's GC helpers, libuv's pool (journal I/O).
  if (m === 'threads') process.send?.({ threads: threadCpuMs() });
  // Collections (and their pauses) since the previous `gc` message; the tally starts again.
  if (m === 'gc') {
    // The histogram is in nanoseconds and includes the 1 ms resolution itself.
    const ms = (p: number) => loopDelay.percentile(p) / 1e6;
    const loop: LoopDelay = { p99: ms(99), p999: ms(99.9), max: loopDelay.max / 1e6 };
    process.send?.({ gc: { ...gcTally, loop } });
    gcTally = freshTally();
    loopDelay.reset();
  }
  if (m === 'stop') void gate.stop().then(() => process.exit(0));
});

function threadCpuMs(): Record<string, number> {
  const out: Record<string, number> = {};
  const tick = 10; // USER_HZ is 100 on Linux: utime/stime are in 10 ms ticks
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * tick;
      const key = tid === String(process.pid) ? 'main' : name;
      out[key] = (out[key] ?? 0) + ms;
    } catch {
      // the thread ended while being read
    }
  }
  return out;
}
