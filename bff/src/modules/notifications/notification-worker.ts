/**
 * The BFF's delivery loop: claim due outbox rows (SKIP LOCKED, so replicas share the work and never
 * double-send), render, send, and record the outcome with exponential backoff; and, less often, look
 * for reminders and ended folds (notification-scan.ts). Runs beside request handling, never in it.
 */
import type { Logger } from 'pino';
import type { Db } from '../../store/db.js';
import { getEnvironmentRow } from '../../store/environments.repo.js';
import {
  claimDue,
  finishAttempt,
  getChannelById,
  type OutboxRow,
} from '../../store/notifications.repo.js';
import { renderPayload } from './notification-payloads.js';
import { scanReminders } from './notification-scan.js';
import { attemptDelivery } from './notification-sender.js';
import {
  backoffMs,
  type NotificationRuntime,
  type NotifySettings,
} from './notification-settings.js';

const CLAIM_BATCH = 20;

export class NotificationWorker implements NotificationRuntime {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastScan = -Infinity;
  private closed = false;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    readonly settings: NotifySettings,
    private readonly log: Logger,
    private readonly publicUrl: string | null,
    private readonly clock: () => number = Date.now,
  ) {}

  now(): number {
    return this.clock();
  }

  /** Starts polling (unless `pollMs` is 0: then only `runOnce` delivers). */
  start(): void {
    if (this.settings.pollMs <= 0) return;
    this.timer = setInterval(() => this.wake(), this.settings.pollMs);
    this.timer.unref();
  }

  track(work: Promise<void>): void {
    const tracked = work.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Resolves once the enqueue work started so far has finished (tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  wake(): void {
    if (this.settings.pollMs <= 0 || this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        if (this.now() - this.lastScan >= this.settings.scanMs) {
          this.lastScan = this.now();
          await scanReminders(this.db, this);
        }
        while ((await this.runOnce()) === CLAIM_BATCH && !this.closed);
      } catch (e) {
        this.log.warn({ err: e }, 'notification delivery round failed');
      }
    } while (this.again && !this.closed);
  }

  /** One round: claims due rows and tries each once; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const rows = await claimDue(this.db, new Date(this.now()), CLAIM_BATCH, this.settings.leaseMs);
    await Promise.all(rows.map((r) => this.deliver(r)));
    return rows.length;
  }

  /** Looks for reminders and ended folds now (tests; the loop does it every `scanMs`). */
  scanNow(): Promise<void> {
    return scanReminders(this.db, this);
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const channel = await getChannelById(this.db, row.channelId);
    if (!channel) return;
    const environment = await getEnvironmentRow(this.db, channel.environmentId);
    const admissionId = row.details.admissionId;
    const link =
      this.publicUrl && typeof admissionId === 'string'
        ? `${this.publicUrl.replace(/\/$/, '')}/admissions/${encodeURIComponent(admissionId)}`
        : this.publicUrl;
    const body = renderPayload(channel.kind, {
      deliveryId: row.id,
      event: row.event,
      environment: { id: channel.environmentId, name: environment?.name ?? channel.environmentId },
      summary: row.summary,
      count: row.count,
      occurredAt: row.occurredAt,
      details: row.details,
      link,
    });
    const result = await attemptDelivery(
      {
        deliveryId: row.id,
        event: row.event,
        url: channel.url,
        secret: channel.kind === 'generic' ? channel.secret : null,
        body,
        nowMs: this.now(),
      },
      this.settings,
      this.log,
    );
    const now = this.now();
    if (result.ok) {
      await finishAttempt(this.db, row.id, {
        status: 'delivered',
        lastError: null,
        lastStatus: result.status,
        nextAttemptAt: new Date(now),
        deliveredAt: new Date(now),
      });
      return;
    }
    const giveUp = !result.retry || row.attempts >= this.settings.maxAttempts;
    const wait = Math.max(
      backoffMs(this.settings, row.attempts),
      Math.min((result.retryAfterSeconds ?? 0) * 1000, this.settings.maxBackoffMs),
    );
    await finishAttempt(this.db, row.id, {
      status: giveUp ? 'failed' : 'pending',
      lastError: result.error,
      lastStatus: result.status,
      nextAttemptAt: new Date(giveUp ? now : now + wait),
      deliveredAt: null,
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.settled();
    await this.running;
  }
}
