/**
 * Prometheus metrics of one gate instance, on its own registry (tests run several gates in one
 * process). Names follow Prometheus conventions under the product's `gated_` prefix; `/metrics`
 * serves `registry.metrics()`. Alert rules and dashboards use these exact names.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { CellHistogram } from './cell-histogram.js';
import { LatencyWindow } from './latency-window.js';

export interface GateMetrics {
  registry: Registry;
  admissionSeconds: CellHistogram;
  /** Recent latencies (ms): the p99 the gate reports to the control plane. */
  recentLatency: LatencyWindow;
  /** By decision and deciding rule id ("" when no rule decided). */
  decisions: Counter<'decision' | 'rule'>;
  /** Counts one answer (failed admissions: outcome `Error`, rule ""). */
  countDecision(outcome: string, rule: string): void;
  /** One answered admission: its latency (histogram and recent window) and its decision count. */
  observeAdmission(outcome: string, rule: string, seconds: number): void;
  cacheHits: Counter<'kind'>;
  cacheMisses: Counter<'kind'>;
  /** One findings-cache hit or miss: a plain increment, published at scrape time. */
  countCache(outcome: 'hit' | 'miss', kind: 'tag' | 'digest'): void;
  findingsUnavailable: Counter;
  policyInfo: Gauge<'revision' | 'source'>;
  policyAgeSeconds: Gauge;
  eventQueueDepth: Gauge;
  eventDrops: Counter<'reason'>;
  eventsSent: Counter;
  eventSendFailures: Counter;
  eventQueueBytes: Gauge;
  eventJournalErrors: Counter;
  lastGoodErrors: Counter<'file'>;
}

/** Creates the metric set; `policyLoadedAt`/`queueDepth` are read at scrape time. */
export function createMetrics(
  read: {
    policyLoadedAt: () => number | null;
    queueDepth: () => number;
    queueBytes?: () => number;
  },
  withDefaults = false,
): GateMetrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const admissionSeconds = new CellHistogram(
    'gated_admission_duration_seconds',
    'Time from a decoded AdmissionReview to its decision (the answer is written at the end of that event-loop turn)',
    'decision',
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registry,
  );
  const recentLatency = new LatencyWindow();
  // Decision counts are plain numbers per (outcome, rule) cell, published at scrape time: an
  // admission costs two Map lookups and an increment, never a labels object hashed by prom-client.
  const decisionCells = new Map<string, Map<string, { count: number }>>();
  const decisions = new Counter({
    name: 'gated_admission_decisions_total',
    help: 'Admission answers by decision and deciding rule id ("" when no rule decided)',
    labelNames: ['decision', 'rule'],
    registers,
    collect() {
      this.reset();
      for (const [decision, byRule] of decisionCells)
        for (const [rule, cell] of byRule) this.inc({ decision, rule }, cell.count);
    },
  });
  const countDecision = (outcome: string, rule: string) => {
    let byRule = decisionCells.get(outcome);
    if (!byRule) decisionCells.set(outcome, (byRule = new Map<string, { count: number }>()));
    const cell = byRule.get(rule);
    if (cell) cell.count++;
    else byRule.set(rule, { count: 1 });
  };
  const observeAdmission = (outcome: string, rule: string, seconds: number) => {
    admissionSeconds.observe(admissionSeconds.cell(outcome), seconds);
    recentLatency.observe(seconds * 1000);
    countDecision(outcome, rule);
  };
  // Asked per image of every admission: plain numbers, like the decision cells above.
  const cacheCells = {
    hit: { tag: 0, digest: 0 },
    miss: { tag: 0, digest: 0 },
  };
  const countCache = (outcome: 'hit' | 'miss', kind: 'tag' | 'digest') => {
    cacheCells[outcome][kind]++;
  };
  // A series shows once it counted something, as prom-client's own inc() made it.
  const publishCache = (counter: Counter<'kind'>, cells: { tag: number; digest: number }) => {
    counter.reset();
    if (cells.tag > 0) counter.inc({ kind: 'tag' }, cells.tag);
    if (cells.digest > 0) counter.inc({ kind: 'digest' }, cells.digest);
  };
  const metrics: GateMetrics = {
    registry,
    admissionSeconds,
    recentLatency,
    decisions,
    countDecision,
    observeAdmission,
    cacheHits: new Counter({
      name: 'gated_findings_cache_hits_total',
      help: 'Findings cache hits (tag or digest)',
      labelNames: ['kind'],
      registers,
      collect() {
        publishCache(this, cacheCells.hit);
      },
    }),
    cacheMisses: new Counter({
      name: 'gated_findings_cache_misses_total',
      help: 'Findings cache misses (tag or digest)',
      labelNames: ['kind'],
      registers,
      collect() {
        publishCache(this, cacheCells.miss);
      },
    }),
    countCache,
    findingsUnavailable: new Counter({
      name: 'gated_findings_unavailable_total',
      help: 'Findings lookups that failed or exceeded their budget',
      registers,
    }),
    policyInfo: new Gauge({
      name: 'gated_policy_info',
      help: 'The policy in force (value 1)',
      labelNames: ['revision', 'source'],
      registers,
    }),
    policyAgeSeconds: new Gauge({
      name: 'gated_policy_age_seconds',
      help: 'Seconds since the policy in force was loaded (-1: none)',
      registers,
      collect() {
        const at = read.policyLoadedAt();
        this.set(at === null ? -1 : (Date.now() - at) / 1000);
      },
    }),
    eventQueueDepth: new Gauge({
      name: 'gated_event_queue_depth',
      help: 'Events waiting for delivery',
      registers,
      collect() {
        this.set(read.queueDepth());
      },
    }),
    eventDrops: new Counter({
      name: 'gated_event_drops_total',
      help: 'Events dropped: queue_full (oldest first, beyond the count or byte bound), too_large (one event over the batch limit), refused (the control plane named it invalid)',
      labelNames: ['reason'],
      registers,
    }),
    eventsSent: new Counter({
      name: 'gated_events_sent_total',
      help: 'Events delivered to the control plane',
      registers,
    }),
    eventSendFailures: new Counter({
      name: 'gated_event_send_failures_total',
      help: 'Failed event batch deliveries',
      registers,
    }),
    eventQueueBytes: new Gauge({
      name: 'gated_event_queue_bytes',
      help: 'Serialised bytes of the events waiting for delivery (bounded by GATE_EVENT_QUEUE_BYTES)',
      registers,
      collect() {
        this.set(read.queueBytes?.() ?? 0);
      },
    }),
    eventJournalErrors: new Counter({
      name: 'gated_event_journal_errors_total',
      help: 'Event journal reads or writes that failed (after a write failure the queue is memory only)',
      registers,
    }),
    lastGoodErrors: new Counter({
      name: 'gated_last_good_errors_total',
      help: 'Last-good files (policy, findings) that exist but could not be read or parsed',
      labelNames: ['file'],
      registers,
    }),
  };
  // Every reason and file shows from the first scrape (0), so alerts can use increase().
  for (const reason of ['queue_full', 'too_large', 'refused'])
    metrics.eventDrops.inc({ reason }, 0);
  for (const file of ['policy', 'findings']) metrics.lastGoodErrors.inc({ file }, 0);
  return metrics;
}

/** p99 of recent admission latencies in ms (2 decimals), or null before any admission. */
export function admissionP99Ms(metrics: GateMetrics): number | null {
  // Asked once per event batch: under load that is many sorts of the window per second, and a
  // p99 a second old is as good for the control plane.
  const now = performance.now();
  const memo = p99Memo.get(metrics);
  if (memo && now - memo.at < 1000) return memo.value;
  const p99 = metrics.recentLatency.quantile(0.99);
  const value = p99 === null ? null : Math.round(p99 * 100) / 100;
  if (value !== null) p99Memo.set(metrics, { at: now, value });
  return value;
}

const p99Memo = new WeakMap<GateMetrics, { at: number; value: number | null }>();
