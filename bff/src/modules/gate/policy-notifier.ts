/**
 * Wakes long-polling gates when a policy may have changed. Changes made by this replica signal
 * in-process (`notify()` after commit). On PostgreSQL, changes by other replicas arrive through
 * LISTEN/NOTIFY (store/policy-change-listener.ts); while that connection is down the counter row is
 * polled instead. The embedded store is one process (its folder is locked), so it needs neither.
 *
 * No missed window: a long-poll subscribes *before* it reads the policy, so any change committed
 * after that read wakes it, and a change committed before is in what it read. In polling mode each
 * subscription keeps the counter it saw at subscribe time and wakes when the row differs.
 * docs/decisions/062-policy-notify.md.
 */
import type { Logger } from 'pino';
import type { Db } from '../../store/db.js';
import { PolicyChangeListener } from '../../store/policy-change-listener.js';
import { readPolicyCounter } from '../../store/policy-state.repo.js';

const POLL_MS = 500;

interface Waiter {
  baseline: number | undefined;
  wake: () => void;
}

/** One long-poll's interest in the next change; close it when done. */
export interface PolicySubscription {
  /** Resolves true on a change signal, false after `timeoutMs` or on abort. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  close(): void;
}

export interface PolicyNotifierOptions {
  /** PostgreSQL connection string: LISTEN for other replicas' changes. Absent for the embedded store. */
  databaseUrl?: string | undefined;
  log?: Logger;
}

export class PolicyNotifier {
  private readonly waiters = new Set<Waiter>();
  private readonly listener: PolicyChangeListener | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    options: PolicyNotifierOptions = {},
  ) {
    if (options.databaseUrl) {
      this.listener = new PolicyChangeListener(
        options.databaseUrl,
        {
          onChange: () => this.notify(),
          onLive: (live) => {
            if (live) this.stopPolling();
            this.updatePolling();
            // Up again: compare every baseline once, for changes while the connection was down.
            if (live) void this.pollOnce();
          },
        },
        options.log,
      );
      this.listener.start();
    }
  }

  /** True when other replicas' changes can reach this one (PostgreSQL store). */
  private get crossReplica(): boolean {
    return this.listener !== undefined;
  }

  /** Call after a change that affects policies has committed. */
  notify(): void {
    for (const w of [...this.waiters]) w.wake();
  }

  /**
   * Registers interest in the next change. Read the policy *after* this resolves, then `wait`.
   * On PostgreSQL it also notes the counter, so polling (fallback) can tell a change from none.
   */
  async subscribe(): Promise<PolicySubscription> {
    let woken = false;
    let resolveWait: ((changed: boolean) => void) | undefined;
    const waiter: Waiter = {
      baseline: undefined,
      wake: () => {
        woken = true;
        resolveWait?.(true);
      },
    };
    this.waiters.add(waiter);
    if (this.crossReplica) {
      try {
        waiter.baseline = await readPolicyCounter(this.db);
      } catch {
        waiter.baseline = undefined;
      }
    }
    this.updatePolling();
    const close = () => {
      this.waiters.delete(waiter);
      this.updatePolling();
    };
    return {
      close,
      wait: (timeoutMs, signal) =>
        new Promise<boolean>((resolve) => {
          if (woken) return resolve(true);
          if (signal?.aborted) return resolve(false);
          const done = (changed: boolean) => {
            clearTimeout(timeout);
            signal?.removeEventListener('abort', onAbort);
            resolveWait = undefined;
            resolve(changed);
          };
          const onAbort = () => done(false);
          const timeout = setTimeout(() => done(false), Math.max(0, timeoutMs));
          signal?.addEventListener('abort', onAbort);
          resolveWait = done;
        }),
    };
  }

  async close(): Promise<void> {
    this.notify();
    this.stopPolling();
    await this.listener?.close();
  }

  /** Polls only on PostgreSQL, only while LISTEN is down and someone waits. */
  private updatePolling(): void {
    const needed = this.crossReplica && !this.listener?.live && this.waiters.size > 0;
    if (!needed) return this.stopPolling();
    if (this.timer) return;
    this.timer = setInterval(() => void this.pollOnce(), POLL_MS);
    this.timer.unref();
  }

  private stopPolling(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async pollOnce(): Promise<void> {
    if (this.waiters.size === 0) return;
    let counter: number;
    try {
      counter = await readPolicyCounter(this.db);
    } catch {
      return;
    }
    for (const w of [...this.waiters]) if (w.baseline !== counter) w.wake();
  }
}
