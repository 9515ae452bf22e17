/**
 * Wakes long-polling gates within about a second of a policy change: an in-process signal for
 * changes made by this replica, plus a cheap poll of the policy counter row for changes made by
 * other replicas sharing the PostgreSQL store. The poll runs only while someone waits.
 */
import type { Db } from '../../store/db.js';
import { readPolicyCounter } from '../../store/policy-state.repo.js';

const POLL_MS = 500;

export class PolicyNotifier {
  private waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private lastCounter: number | undefined;

  constructor(private readonly db: Db) {}

  /** Call after a change that affects policies has committed. */
  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves true on a change signal, false after `timeoutMs`. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (changed: boolean) => {
        clearTimeout(timeout);
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', onAbort);
        this.stopPollingIfIdle();
        resolve(changed);
      };
      const wake = () => done(true);
      const onAbort = () => done(false);
      const timeout = setTimeout(() => done(false), timeoutMs);
      signal?.addEventListener('abort', onAbort);
      this.waiters.add(wake);
      this.startPolling();
    });
  }

  close(): void {
    for (const wake of [...this.waiters]) wake();
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private startPolling(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      readPolicyCounter(this.db)
        .then((counter) => {
          if (this.lastCounter !== undefined && counter !== this.lastCounter) this.notify();
          this.lastCounter = counter;
        })
        .catch(() => undefined);
    }, POLL_MS);
    this.timer.unref();
  }

  private stopPollingIfIdle(): void {
    if (this.waiters.size > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.lastCounter = undefined;
  }
}
