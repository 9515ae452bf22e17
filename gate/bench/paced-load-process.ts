/**
 * Child process of bench.ts: an evenly paced load generator for the fixed-rate figure. Request i
 * is due at `start + i / rate`; every timer tick (~1 ms, Node's floor) sends what is due, over
 * `connections` keep-alive TLS connections with one request in flight each (a request that falls
 * due while all are busy waits for the first to answer, and its wait counts).
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
import { connect, type TLSSocket } from 'node:tls';

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
  /** 99th percentile of that lateness: how evenly the load was really offered. */
  p99LateMs: number;
  /**
   * Answers slower than SLOW_MS from sent, as [sent at (epoch ms), ms]: bench.ts lays them over
   * the gate's collections to say how much of the tail they explain. At most MAX_SLOW kept.
   */
  slow: [number, number][];
}

/** The p99 target: answers slower than this are the tail. */
export const SLOW_MS = 3;
const MAX_SLOW = 10_000;

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

/**
 * One keep-alive TLS connection with at most one request in flight. Requests are pre-encoded bytes
 * and answers are framed by their content-length (both servers send one), so the generator's own
 * cost per request is a write and a scan of a few hundred bytes: node's http client allocated
 * enough per request that its own pauses showed in the tail.
 */
class Connection {
  private pending: Buffer | null = null;
  due = 0;
  sentAt = 0;
  constructor(
    readonly socket: TLSSocket,
    private readonly onAnswer: (c: Connection, status: number) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
  }

  send(request: Buffer, due: number): void {
    this.due = due;
    this.sentAt = performance.now();
    this.socket.write(request);
  }

  private read(chunk: Buffer): void {
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const headerEnd = data.indexOf('\r\n\r\n');
    if (headerEnd < 0) {
      this.pending = data;
      return;
    }
    const head = data.toString('latin1', 0, headerEnd);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (data.length < headerEnd + 4 + length) {
      this.pending = data;
      return;
    }
    this.pending = null;
    this.onAnswer(this, Number(head.slice(9, 12)));
  }
}

function open(target: URL): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: target.hostname,
      port: Number(target.port),
      rejectUnauthorized: false,
    });
    socket.setNoDelay(true);
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function run(config: PacedConfig, durationS: number): Promise<PacedResult> {
  const target = new URL(config.url);
  const payload = Buffer.from(config.body);
  const request = Buffer.concat([
    Buffer.from(
      `POST ${target.pathname} HTTP/1.1\r\nhost: ${target.host}\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\n\r\n`,
    ),
    payload,
  ]);
  const total = Math.round(config.rate * durationS);
  const fromDue = new Float64Array(total);
  const fromSent = new Float64Array(total);
  const late = new Float64Array(total);
  let completed = 0;
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  let maxLateMs = 0;
  const slow: [number, number][] = [];
  const idle: Connection[] = [];
  // Due times of requests waiting for a free connection (all were busy when they fell due).
  const waiting: number[] = [];
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const onAnswer = (c: Connection, status: number) => {
    const now = performance.now();
    if (status !== 200) non2xx++;
    fromDue[completed] = now - c.due;
    fromSent[completed] = now - c.sentAt;
    if (now - c.sentAt > SLOW_MS && slow.length < MAX_SLOW)
      slow.push([performance.timeOrigin + c.sentAt, now - c.sentAt]);
    completed++;
    const next = waiting.shift();
    if (next !== undefined) c.send(request, next);
    else idle.push(c);
    if (completed + errors === total) finish();
  };
  const sockets = await Promise.all(Array.from({ length: config.connections }, () => open(target)));
  for (const socket of sockets) {
    const c = new Connection(socket, onAnswer);
    socket.on('error', () => {
      errors++;
      if (completed + errors === total) finish();
    });
    idle.push(c);
  }
  const start = performance.now();
  const intervalMs = 1000 / config.rate;
  const dispatch = (due: number) => {
    const lateMs = performance.now() - due;
    late[sent - 1] = lateMs;
    maxLateMs = Math.max(maxLateMs, lateMs);
    const c = idle.pop();
    if (c) c.send(request, due);
    else waiting.push(due);
  };
  const tick = () => {
    const now = performance.now();
    while (sent < total && start + sent * intervalMs <= now) dispatch(start + sent++ * intervalMs);
    if (sent < total) setTimeout(tick, Math.max(0, start + sent * intervalMs - now));
  };
  tick();
  await done;
  const elapsedS = (performance.now() - start) / 1000;
  for (const socket of sockets) socket.destroy();
  return {
    offered: total,
    completed,
    errors,
    non2xx,
    achievedRate: completed / elapsedS,
    fromDue: quantiles(fromDue, completed),
    fromSent: quantiles(fromSent, completed),
    maxLateMs,
    p99LateMs: quantiles(late, total).p99,
    slow,
  };
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
