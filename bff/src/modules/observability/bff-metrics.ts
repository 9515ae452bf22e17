/**
 * The BFF's Prometheus metrics, one registry per app (tests run several apps in one process).
 * Names carry the `gated_bff_` prefix next to the gate's `gated_` ones (deploy/monitoring/).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface BffMetricsOptions {
  /** Clock for ingest lag (tests pass a fixed one). */
  now?: () => number;
  /** Bytes the store takes, read at scrape time; null when unknown. */
  storeBytes?: () => Promise<number | null>;
}

export class BffMetrics {
  readonly registry = new Registry();
  private readonly now: () => number;

  readonly requestDuration = new Histogram({
    name: 'gated_bff_http_request_duration_seconds',
    help: 'HTTP request latency by method, matched route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly eventsIngested = new Counter({
    name: 'gated_bff_events_ingested_total',
    help: 'Admission events received from gates, by outcome (accepted or duplicate)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly ingestLag = new Histogram({
    name: 'gated_bff_event_ingest_lag_seconds',
    help: 'Time from an admission at the gate to its arrival at the control plane',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  readonly loginFailures = new Counter({
    name: 'gated_bff_login_failures_total',
    help: 'Sign-ins refused for a wrong user name or password',
    registers: [this.registry],
  });

  constructor(options: BffMetricsOptions = {}) {
    this.now = options.now ?? Date.now;
    const storeBytes = options.storeBytes;
    new Gauge({
      name: 'gated_bff_store_bytes',
      help: 'Size of the store (PostgreSQL database or embedded store) in bytes',
      registers: [this.registry],
      async collect() {
        const bytes = storeBytes ? await storeBytes().catch(() => null) : null;
        if (bytes !== null) this.set(bytes);
      },
    });
  }

  /** Counts one ingested batch and the lag of each event it carried. */
  observeIngest(eventTimes: readonly string[], accepted: number, duplicates: number): void {
    this.eventsIngested.inc({ outcome: 'accepted' }, accepted);
    this.eventsIngested.inc({ outcome: 'duplicate' }, duplicates);
    const now = this.now();
    for (const time of eventTimes) {
      const at = Date.parse(time);
      if (Number.isFinite(at)) this.ingestLag.observe(Math.max(0, (now - at) / 1000));
    }
  }
}
