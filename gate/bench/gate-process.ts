/**
 * Child process of bench.ts: the real gate (startGate), its cache preloaded with 100,000 findings
 * (4,000 image digests × 25 vulnerabilities, the size of a large cluster's working set).
 */
import { readFileSync } from 'node:fs';
import { readEnv } from '../src/env.js';
import { startGate } from '../src/gate.js';
import { testDigest } from '../src/testing/policy-fixtures.js';
import { findingsReport, fixtureImages } from './workload.js';

const gate = await startGate(
  readEnv({ ...process.env, GATE_PORT: '0', GATE_HOST: '127.0.0.1', GATE_LOG_LEVEL: 'warn' }),
);
const DIGESTS = Number(process.env.BENCH_CACHED_DIGESTS ?? 4000);
const PER_DIGEST = Number(process.env.BENCH_FINDINGS_PER_DIGEST ?? 25);
for (let i = 0; i < DIGESTS; i++)
  gate.findings.putReport(testDigest(`b${i}`), findingsReport(testDigest(`b${i}`), i, PER_DIGEST));
for (const [i, image] of fixtureImages().entries()) {
  if (!image.pinned) gate.findings.putTag(image.normalized, image.digest);
  gate.findings.putReport(image.digest, findingsReport(image.digest, i, 40));
}
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
  // Server-side latency (decode → answer) of the last 4,096 admissions, as the gate measures it.
  if (m === 'latency')
    process.send?.({
      latency: {
        p50: gate.metrics.recentLatency.quantile(0.5),
        p99: gate.metrics.recentLatency.quantile(0.99),
      },
    });
  // Resident memory now and at its peak (the kernel's VmHWM), after the runs.
  if (m === 'memory') {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    process.send?.({
      memory: {
        rssMb: Math.round(process.memoryUsage().rss / 1e6),
        peakMb: hwm ? Math.round((Number(hwm) * 1024) / 1e6) : null,
        cachedReports: gate.findings.size.reports,
      },
    });
  }
  if (m === 'stop') void gate.stop().then(() => process.exit(0));
});
