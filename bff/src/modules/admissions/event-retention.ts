/**
 * Background pruning of admission events older than GATED_EVENT_RETENTION_DAYS (by last seen).
 * A pass deletes in batches and yields between them, so ingest interleaves; passes never overlap.
 * The clock is injected so tests own it (docs/decisions/122-event-retention.md).
 */
import type { Logger } from 'pino';
import type { Db } from '../../store/db.js';
import { pruneAdmissionBatch } from '../../store/admission-retention.repo.js';

export interface EventRetentionOptions {
  db: Db;
  days: number;
  now?: () => number;
  /** Between passes (an hour by default). */
  intervalMs?: number;
  batchSize?: number;
  log?: Logger;
}

const DAY_MS = 86_400_000;

export class EventRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;

  constructor(private readonly options: EventRetentionOptions) {}

  /** Runs a pass now and then every interval; the timer never keeps the process alive. */
  start(): void {
    void this.prune();
    this.timer = setInterval(() => void this.prune(), this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  /** One pass (or the one already running); resolves to the events deleted. */
  prune(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<number> {
    const { db, days, batchSize = 2000, log } = this.options;
    const before = new Date((this.options.now ?? Date.now)() - days * DAY_MS);
    let total = 0;
    try {
      for (;;) {
        const n = await pruneAdmissionBatch(db, before, batchSize);
        total += n;
        if (n < batchSize) break;
        // Let queued ingest and reads run between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (total > 0) log?.info({ pruned: total, before: before.toISOString() }, 'events pruned');
    } catch (e) {
      log?.warn({ err: e }, 'event retention pass failed; the next pass retries');
    }
    return total;
  }
}
