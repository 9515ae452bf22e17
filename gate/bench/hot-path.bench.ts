/**
 * The `/validate` work without HTTP or TLS (`node --import tsx bench/hot-path.bench.ts`, in gate/):
 * the bench's body decoded, run through the chain server.ts assembles (1,000 rules, 100,000 cached
 * findings), the answer's text made and the event recorded into a queue the way gate.ts wires it
 * (fold by key, else push), then drained as the reporter would. One process, no load generator, so
 * its CPU per admission moves far less with the machine's load than the HTTPS bench's figures.
 */
import { Session } from 'node:inspector/promises';
import { pino } from 'pino';
import { decodeReviewBody, reviewText } from '../src/admission/review.js';
import { DurableEventQueue } from '../src/events/durable-queue.js';
import { FindingsCache } from '../src/findings/cache.js';
import { createMetrics } from '../src/observability/metrics.js';
import { PolicyStore } from '../src/policy/store.js';
import { buildAdmissionChain } from '../src/server.js';
import { benchFindings, benchPolicy, reviewBody } from './workload.js';

const store = new PolicyStore();
store.set(benchPolicy(), 'test');
const findings = new FindingsCache({
  sources: [],
  budgetMs: 100,
  tagTtlMs: 1e9,
  reportTtlMs: 1e9,
  maxEntries: 200_000,
});
const preload = benchFindings(4000, 25);
for (const report of preload.reports) findings.putReport(report.digest, report);
for (const [tag, digest] of preload.tags) findings.putTag(tag, digest);
const queue = await DurableEventQueue.open({ dir: null, maxEvents: 10_000, maxBytes: 32e6 });
const handler = buildAdmissionChain({
  policy: store,
  findings,
  enqueue: (e) => queue.push(e),
  foldRepeat: (r) => queue.foldRepeat(r.key, r.id, r.time),
  metrics: createMetrics({ policyLoadedAt: () => null, queueDepth: () => 0 }),
  logger: pino({ level: 'silent' }),
  self: { namespace: 'gated-system', serviceAccount: 'gate-sa' },
  timeoutMs: 2500,
});
const body = Buffer.from(reviewBody());

async function admit(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const decoded = decodeReviewBody(body);
    if (!decoded.ok) throw new Error(decoded.error);
    const result = await handler(decoded.request);
    reviewText(result.response);
    result.after?.();
    // The reporter takes the queue about once a second: at 2,000 req/s, every 2,000 admissions.
    if (i % 2000 === 1999) queue.take(1000, Number.MAX_SAFE_INTEGER);
  }
}

function cpuUs(run: () => unknown): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

const N = Number(process.env.BENCH_ADMISSIONS ?? 30_000);
await admit(N); // warm-up: JIT, caches
const decodeUs =
  cpuUs(() => {
    for (let i = 0; i < N; i++) decodeReviewBody(body);
  }) / N;
const before = process.cpuUsage();
await admit(N);
const used = process.cpuUsage(before);
const allUs = (used.user + used.system) / N;
console.log(
  `hot path in process, ${N} admissions: ${allUs.toFixed(1)} µs CPU per admission (decode ${decodeUs.toFixed(1)} µs, chain + answer + event ${(allUs - decodeUs).toFixed(1)} µs)`,
);
console.log(
  `allocated per admission (sampled, garbage included): ${await allocationPerAdmission(N)}`,
);
await queue.close();

/**
 * Bytes allocated per admission, garbage included (V8's sampling heap profiler keeping objects the
 * GC collected), and the functions that allocate most: allocation sets how often the young
 * generation is collected, and each collection is a pause in the answer's tail.
 */
async function allocationPerAdmission(n: number): Promise<string> {
  const session = new Session();
  session.connect();
  // Not in @types/node's parameter type, but V8's: keep what minor and major GCs collected.
  const sampling = {
    samplingInterval: 1024,
    includeObjectsCollectedByMinorGC: true,
    includeObjectsCollectedByMajorGC: true,
  };
  await session.post('HeapProfiler.startSampling', sampling);
  await admit(n);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  const byFunction = new Map<string, number>();
  let total = 0;
  const walk = (node: typeof profile.head) => {
    const name = `${node.callFrame.functionName || '(anonymous)'} (${node.callFrame.url.split('/').slice(-2).join('/')})`;
    total += node.selfSize;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const top = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(process.env.BENCH_TOP ?? 5))
    .map(([name, bytes]) => `${name} ${(bytes / n / 1024).toFixed(1)}`)
    .join(', ');
  return `${(total / n / 1024).toFixed(1)} KB; most: ${top} (KB)`;
}
