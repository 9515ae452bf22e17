/**
 * Delivers queued events to `POST /api/v1/gate/events` in batches, with the gate's self-report.
 * Nothing vanishes uncounted:
 *   - a batch is bounded by count and by bytes, below the limit the control plane advertises
 *     (./batch-limit.ts);
 *   - 413, or 400/422 from a control plane that refuses a batch whole, splits it in halves that are
 *     sent on their own; a single event refused that way is dropped and counted (never retried
 *     forever, never blocking the events behind it);
 *   - events the control plane names in `refused` are dropped and counted; the rest are delivered;
 *   - anything else (network, 5xx, 401/403/408/429, 404) puts the events back at the front and
 *     retries with exponential backoff plus jitter. Ids are chosen per decision, so a re-sent
 *     event the control plane already stored counts as a duplicate, not a new event.
 * `stop()` flushes what it can before the process exits (SIGTERM); the rest stays on disk.
 */
import { GateEventBatchResultSchema, type GateEventBatchResult } from '@gated/shared';
import type { Logger } from 'pino';
import { ControlPlaneError, type ControlPlaneConfig } from '../control-plane/client.js';
import { controlPlanePostJson, MAX_ANSWER_BYTES } from '../control-plane/post-json.js';
import { GATE_VERSION } from '../version.js';
import type { EventBatchLimit } from './batch-limit.js';
import { wireJson, type DurableEventQueue, type QueuedEvent } from './durable-queue.js';

export interface ReporterOptions {
  controlPlane: ControlPlaneConfig;
  queue: DurableEventQueue;
  limit: EventBatchLimit;
  batchSize: number;
  flushEveryMs: number;
  logger: Logger;
  /** Current policy revision and p99 for the self-report. */
  selfReport: () => Promise<{ policyRevision: string | null; p99Ms: number | null }>;
  onSent?: (count: number) => void;
  onFailure?: () => void;
  /** Backoff bounds (ms). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Answers that say "this body is not acceptable": halves may be. */
const SPLIT_STATUSES = new Set([400, 413, 422]);

export class EventReporter {
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private sending: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: ReporterOptions) {}

  start(): void {
    this.schedule(this.options.flushEveryMs);
  }

  /** Exponential backoff with full jitter: random in [min, min·2^failures], capped. */
  private backoffMs(): number {
    const min = this.options.minBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 30_000;
    const ceiling = Math.min(max, min * 2 ** Math.min(this.failures, 16));
    return min + Math.random() * (ceiling - min);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick();
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const ok = await this.flushOnce();
    this.schedule(ok ? this.options.flushEveryMs : this.backoffMs());
  }

  /**
   * Sends, in batches, the events waiting when it starts, until they are sent or a delivery fails;
   * true when nothing failed. Events queued meanwhile wait for the next tick: under a steady
   * stream of admissions, draining "until empty" posted a batch of one or two events each time the
   * last answer came back (70 posts a second at 4,000 admissions a second), and each post took
   * away the waiting event that repeats fold into, so the next admission built a full event again.
   */
  flushOnce(): Promise<boolean> {
    if (this.sending) return this.sending.then(() => this.flushOnce());
    let result = true;
    this.sending = (async () => {
      const { queue, limit } = this.options;
      let left = queue.depth;
      while (left > 0 && queue.depth > 0) {
        const budget = limit.eventBytes;
        const batch = queue.take(Math.min(this.options.batchSize, left), budget);
        left -= batch.length;
        const first = batch[0];
        if (batch.length === 1 && first && first.bytes > budget) {
          this.drop(batch, 'too_large', `larger than the ${budget} bytes a batch may carry`);
          continue;
        }
        if (!(await this.deliver(batch))) {
          result = false;
          return;
        }
      }
    })().finally(() => {
      this.sending = null;
    });
    return this.sending.then(() => result);
  }

  /** Sends a batch, splitting it on answers that refuse its size or shape; false on failure. */
  private async deliver(batch: QueuedEvent[]): Promise<boolean> {
    const parts = [batch];
    while (parts.length > 0) {
      const part = parts.shift() as QueuedEvent[];
      const body = await this.body(part);
      try {
        const result = await this.send(body);
        this.failures = 0;
        this.settle(part, result);
      } catch (e) {
        const status = e instanceof ControlPlaneError ? e.status : 0;
        if (SPLIT_STATUSES.has(status)) {
          if (status === 413) this.options.limit.tooLarge(Buffer.byteLength(body));
          if (part.length === 1) {
            this.drop(part, status === 413 ? 'too_large' : 'refused', (e as Error).message);
          } else {
            const half = Math.ceil(part.length / 2);
            parts.unshift(part.slice(0, half), part.slice(half));
          }
          continue;
        }
        this.failures++;
        this.options.queue.returnToFront([...part, ...parts.flat()]);
        this.options.onFailure?.();
        this.options.logger.warn(
          { err: (e as Error).message, queued: this.options.queue.size },
          'event delivery failed; will retry',
        );
        return false;
      }
    }
    return true;
  }

  private settle(part: QueuedEvent[], result: GateEventBatchResult): void {
    const refused = new Set<number>();
    for (const r of result.refused) if (r.index >= 0 && r.index < part.length) refused.add(r.index);
    if (refused.size > 0) {
      this.options.logger.error(
        {
          refused: result.refused.map((r) => ({ id: r.id, problem: r.problem, errors: r.errors })),
        },
        'events refused by the control plane; dropped',
      );
      this.options.queue.settle(
        part.filter((_, i) => refused.has(i)),
        'd',
        'refused',
      );
    }
    const delivered = part.filter((_, i) => !refused.has(i));
    this.options.queue.settle(delivered, 'a');
    this.options.onSent?.(delivered.length);
  }

  private drop(events: QueuedEvent[], reason: 'too_large' | 'refused', why: string): void {
    this.options.queue.settle(events, 'd', reason);
    this.options.logger.error(
      { ids: events.map((e) => e.id), reason, err: why },
      'event dropped: the control plane will not take it',
    );
  }

  private async body(part: QueuedEvent[]): Promise<string> {
    const self = await this.options.selfReport();
    const gate = JSON.stringify({ version: GATE_VERSION, ...self });
    return `{"events":[${part.map(wireJson).join(',')}],"gate":${gate}}`;
  }

  private async send(jsonText: string): Promise<GateEventBatchResult> {
    const answer = await controlPlanePostJson(
      this.options.controlPlane,
      'events',
      jsonText,
      10_000,
    );
    this.options.limit.observe(answer.headers);
    if (answer.cut)
      this.options.logger.warn(
        { bytes: MAX_ANSWER_BYTES },
        'the control plane answered a batch with more than this many bytes; the rest was not read and the batch counts as stored, refusals unknown',
      );
    const parsed = GateEventBatchResultSchema.safeParse(parseJson(answer.text));
    // An answer we cannot read still means 2xx: stored. Only `refused` changes what is dropped.
    return parsed.success ? parsed.data : { accepted: 0, duplicates: 0, refused: [] };
  }

  /** Stops the timer and tries to deliver what is queued, within `deadlineMs`. */
  async stop(deadlineMs = 5000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const deadline = Date.now() + deadlineMs;
    while (this.options.queue.depth > 0 && Date.now() < deadline) {
      const ok = await Promise.race([
        this.flushOnce(),
        new Promise<boolean>((r) => setTimeout(() => r(false), Math.max(0, deadline - Date.now()))),
      ]);
      if (!ok) {
        if (Date.now() >= deadline) break;
        await new Promise((r) => setTimeout(r, Math.min(200, Math.max(0, deadline - Date.now()))));
      }
    }
    if (this.options.queue.size > 0)
      this.options.logger.warn(
        { kept: this.options.queue.size, durable: this.options.queue.durable },
        this.options.queue.durable
          ? 'events not delivered before exit; kept on disk for the next start'
          : 'events not delivered before exit',
      );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
