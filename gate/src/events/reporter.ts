/**
 * Delivers queued events to `POST /api/v1/gate/events` in batches, with the gate's self-report.
 * Failed batches go back to the front of the queue and are retried with exponential backoff plus
 * jitter; ids are chosen per decision, so a retried batch the BFF already stored counts as
 * duplicates, not new events. `stop()` flushes what it can before the process exits (SIGTERM).
 */
import type { AdmissionEvent, GateEventBatch } from '@gated/shared';
import type { Logger } from 'pino';
import {
  ControlPlaneError,
  controlPlaneFetch,
  type ControlPlaneConfig,
} from '../control-plane/client.js';
import { GATE_VERSION } from '../version.js';
import type { EventQueue } from './queue.js';

export interface ReporterOptions {
  controlPlane: ControlPlaneConfig;
  queue: EventQueue<AdmissionEvent>;
  batchSize: number;
  flushEveryMs: number;
  logger: Logger;
  /** Current policy revision and p99 for the self-report. */
  selfReport: () => Promise<{ policyRevision: string | null; p99Ms: number | null }>;
  onSent?: (count: number) => void;
  onFailure?: () => void;
  /** Events refused for good (the control plane said the batch itself is invalid). */
  onRejected?: (count: number) => void;
  /** Backoff bounds (ms). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** 4xx answers that a retry cannot fix (auth and rate limits can change, so they are retried). */
function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status);
}

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

  /** Sends batches until the queue is empty or one fails; true when nothing failed. */
  flushOnce(): Promise<boolean> {
    if (this.sending) return this.sending.then(() => this.flushOnce());
    let result = true;
    this.sending = (async () => {
      while (this.options.queue.depth > 0) {
        const batch = this.options.queue.take(this.options.batchSize);
        try {
          await this.send(batch);
          this.failures = 0;
          this.options.onSent?.(batch.length);
        } catch (e) {
          if (e instanceof ControlPlaneError && isPermanent(e.status)) {
            // Retrying a batch the control plane calls invalid would block every later event.
            this.options.onRejected?.(batch.length);
            this.options.logger.error(
              { err: e.message, dropped: batch.length },
              'event batch refused by the control plane; dropped',
            );
            continue;
          }
          this.failures++;
          this.options.queue.returnToFront(batch);
          this.options.onFailure?.();
          this.options.logger.warn(
            { err: (e as Error).message, queued: this.options.queue.depth },
            'event delivery failed; will retry',
          );
          result = false;
          return;
        }
      }
    })().finally(() => {
      this.sending = null;
    });
    return this.sending.then(() => result);
  }

  private async send(events: AdmissionEvent[]): Promise<void> {
    const self = await this.options.selfReport();
    const body: GateEventBatch = { events, gate: { version: GATE_VERSION, ...self } };
    const res = await controlPlaneFetch(this.options.controlPlane, 'events', {
      method: 'POST',
      body,
      timeoutMs: 10_000,
    });
    await res.body?.cancel();
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
    if (this.options.queue.depth > 0)
      this.options.logger.warn(
        { lost: this.options.queue.depth },
        'events not delivered before exit',
      );
  }
}
