import { pino } from 'pino';
import { FindingsCache } from '../src/findings/cache.js';
import { createMetrics } from '../src/observability/metrics.js';
import { PolicyStore } from '../src/policy/store.js';
import { buildAdmissionChain } from '../src/server.js';
import { decodeReviewBody, reviewText } from '../src/admission/review.js';
import { DurableEventQueue } from '../src/events/durable-queue.js';
import { testDigest } from '../src/testing/policy-fixtures.js';
import { benchPolicy, findingsReport, fixtureImages, reviewBody } from './workload.js';
const store = new PolicyStore();
store.set(benchPolicy(), 'test');
const findings = new FindingsCache({
  sources: [],
  budgetMs: 100,
  tagTtlMs: 1e9,
  reportTtlMs: 1e9,
  maxEntries: 200000,
});
for (let i = 0; i < 4000; i++)
  findings.putReport(testDigest(`b${i}`), findingsReport(testDigest(`b${i}`), i, 25));
for (const [i, image] of fixtureImages().entries()) {
  if (!image.pinned) findings.putTag(image.normalized, image.digest);
  findings.putReport(image.digest, findingsReport(image.digest, i, 40));
}
const q = await DurableEventQueue.open({ dir: null, maxEvents: 10000, maxBytes: 32e6 });
const mode = process.argv[2] ?? 'full';
const handler = buildAdmissionChain({
  policy: store,
  findings,
  enqueue: (e) => q.push(e),
  ...(mode === 'nofold' ? {} : { foldRepeat: (r) => q.foldRepeat(r.key, r.id, r.time) }),
  metrics: createMetrics({ policyLoadedAt: () => null, queueDepth: () => 0 }),
  logger: pino({ level: 'silent' }),
  self: { namespace: 'x', serviceAccount: 'y' },
  timeoutMs: 2500,
});
const body = Buffer.from(reviewBody());
const run = async (n: number) => {
  for (let i = 0; i < n; i++) {
    const d = decodeReviewBody(body);
    if (!d.ok) throw new Error(d.error);
    const r = await handler(d.request);
    reviewText(r.response);
    r.after?.();
    if (i % 100 === 99) q.take(1000, 1e9);
  }
};
await run(20000);
for (const part of ['decode', 'all']) {
  const N = 30000;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  if (part === 'decode') for (let i = 0; i < N; i++) decodeReviewBody(body);
  else await run(N);
  const c = process.cpuUsage(c0);
  console.log(
    mode,
    part,
    (((performance.now() - t0) * 1000) / N).toFixed(1),
    'µs wall',
    ((c.user + c.system) / N).toFixed(1),
    'µs cpu',
  );
}
