/**
 * Child process of bench.ts: an evenly paced load generator for the fixed-rate figure. Request i
 * is due at `start + i / rate`; every timer tick (~1 ms, Node's floor) sends what is due, over a
 * keep-alive agent of `connections` sockets (queued in the agent when all are busy).
 *
 * autocannon's `overallRate` is not used for this figure: it gives each connection its quota per
 * second and sends it as a burst at the top of the second, then records synthetic samples for the
 * "missed" 1 ms intervals (autocannon@8 lib/run.js, `recordValueWithExpectedInterval`), so its p99
 * at 2,000 req/s measured its own bursts (the bare server's p99 was 17 ms that way).
 *
 * Two latencies per request: from the moment it was due (includes the generator's own lateness,
 * the coordinated-omission-safe figure) and from the moment it was sent (the server's answer time
 * as a client sees it).
 */
import { Agent, request } from 'node:https';

interface PacedConfig {
  url: string;
  body: string;
  rate: number;
  durationS: number;
  warmupS: number;
  connections: number;
}

export interface PacedResult {
  offered: number;
  completed: number;
  errors: number;
  non2xx: number;
  achievedRate: number;
  fromDue: Quantiles;
  fromSent: Quantiles;
  /** Worst lateness of the generator's own timer (ms past a request's due time when sent). */
  maxLateMs: number;
}

interface Quantiles {
  p50: number;
  p99: number;
  max: number;
}

function quantiles(values: Float64Array, count: number): Quantiles {
  const sorted = values.slice(0, count).sort();
  const at = (q: number) => sorted[Math.min(count - 1, Math.floor(q * count))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[count - 1] ?? Number.NaN };
}

function run(config: PacedConfig, durationS: number): Promise<PacedResult> {
  const target = new URL(config.url);
  const agent = new Agent({
    keepAlive: true,
    maxSockets: config.connections,
    rejectUnauthorized: false,
  });
  const payload = Buffer.from(config.body);
  const total = Math.round(config.rate * durationS);
  const fromDue = new Float64Array(total);
  const fromSent = new Float64Array(total);
  let completed = 0;
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  let maxLateMs = 0;
  const start = performance.now();
  const intervalMs = 1000 / config.rate;

  return new Promise((resolve) => {
    const finish = () => {
      const elapsedS = (performance.now() - start) / 1000;
      agent.destroy();
      resolve({
        offered: total,
        completed,
        errors,
        non2xx,
        achievedRate: completed / elapsedS,
        fromDue: quantiles(fromDue, completed),
        fromSent: quantiles(fromSent, completed),
        maxLateMs,
      });
    };
    const settle = () => {
      if (completed + errors === total) finish();
    };
    const send = (due: number) => {
      const sentAt = performance.now();
      maxLateMs = Math.max(maxLateMs, sentAt - due);
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': payload.length },
        },
        (res) => {
          if (res.statusCode !== 200) non2xx++;
          res.on('data', () => undefined);
          res.on('end', () => {
            const now = performance.now();
            fromDue[completed] = now - due;
            fromSent[completed] = now - sentAt;
            completed++;
            settle();
          });
        },
      );
      req.on('error', () => {
        errors++;
        settle();
      });
      req.end(payload);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * intervalMs <= now) send(start + sent++ * intervalMs);
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * intervalMs - now));
    };
    tick();
  });
}

// config → warm-up run → `{ warm: true }` → 'go' (the parent reads the server's CPU clock) →
// measured run → `{ result }`.
process.once('message', (config: PacedConfig) => {
  void (async () => {
    if (config.warmupS > 0) await run(config, config.warmupS);
    process.send?.({ warm: true });
    process.once('message', () => {
      void run(config, config.durationS).then((result) =>
        process.send?.({ result }, () => process.exit(0)),
      );
    });
  })();
});
