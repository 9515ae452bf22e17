/** How the BFF delivers notifications: the knobs env.ts reads, and the clock every step uses. */

export interface NotifySettings {
  /** `host:port` receivers that may be internal and may be plain HTTP (GATED_NOTIFY_ALLOWED_HOSTS). */
  allowedHosts: string[];
  /** A workload's first denial waits this long, so a burst (and the gate's own folding) lands in one message. */
  denyHoldMs: number;
  /** After a workload's message, its further denials in this window only add to a count. */
  denyWindowMs: number;
  /** Attempts before a delivery is marked failed. */
  maxAttempts: number;
  /** First retry delay; each further retry doubles it, up to `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Per-attempt timeout of the outbound request. */
  timeoutMs: number;
  /** How long a claimed row belongs to the replica that claimed it. */
  leaseMs: number;
  /** Outbox poll interval; 0: no background worker (tests call `runOnce`). */
  pollMs: number;
  /** How often reminders (expiring exemptions, silent gates, ended folds) are looked for. */
  scanMs: number;
}

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = {
  allowedHosts: [],
  denyHoldMs: 1000,
  denyWindowMs: 10 * 60_000,
  maxAttempts: 8,
  baseBackoffMs: 5000,
  maxBackoffMs: 30 * 60_000,
  timeoutMs: 10_000,
  leaseMs: 60_000,
  pollMs: 1000,
  scanMs: 60_000,
};

/** What the rest of the BFF sees of notifications: the settings, the clock, a nudge for the worker. */
export interface NotificationRuntime {
  settings: NotifySettings;
  now(): number;
  /** Something became due: deliver soon instead of at the next poll. */
  wake(): void;
  /** Runs enqueue work beside a request without awaiting it there; `close` and `settled` wait for it. */
  track(work: Promise<void>): void;
}

/** Delay before attempt `attempts + 1`, after `attempts` failed ones (1 → base, 2 → 2 × base, …). */
export function backoffMs(settings: NotifySettings, attempts: number): number {
  return Math.min(settings.maxBackoffMs, settings.baseBackoffMs * 2 ** Math.max(0, attempts - 1));
}
