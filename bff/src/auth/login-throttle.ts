/**
 * Sign-in throttling (docs/decisions/031-login-throttling.md): a sliding window of failed
 * attempts per account and per client address. Past the limit, sign-in answers 429 with
 * Retry-After before the password is even checked, so a guessing run cannot land the right
 * password mid-run. A success clears the account's failures (not the address's: one known
 * password must not reset a spraying client). Memory is bounded: each key keeps at most `limit`
 * timestamps, and each map at most `maxKeys` keys (oldest evicted first).
 */
export interface ThrottleLimits {
  /** Failures allowed per window before the key is refused. */
  limit: number;
  windowMs: number;
}

export interface LoginThrottleOptions {
  account?: ThrottleLimits;
  address?: ThrottleLimits;
  maxKeys?: number;
  /** Milliseconds since the epoch; tests pass their own clock. */
  now?: () => number;
}

export const DEFAULT_ACCOUNT_LIMITS: ThrottleLimits = { limit: 10, windowMs: 15 * 60_000 };
export const DEFAULT_ADDRESS_LIMITS: ThrottleLimits = { limit: 50, windowMs: 15 * 60_000 };

class SlidingWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly maxKeys: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    const kept = list.filter((t) => t > now - this.limits.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== list.length) this.failures.set(key, kept);
    return kept;
  }

  /** Milliseconds until the key may try again; 0 when it may now. */
  waitMs(key: string, now: number): number {
    const list = this.recent(key, now);
    if (list.length < this.limits.limit) return 0;
    // The attempt that must age out of the window before one more is allowed.
    const oldest = list[list.length - this.limits.limit] ?? now;
    return Math.max(1, oldest + this.limits.windowMs - now);
  }

  fail(key: string, now: number): void {
    const list = this.recent(key, now);
    list.push(now);
    this.failures.delete(key);
    this.failures.set(key, list.slice(-this.limits.limit));
    while (this.failures.size > this.maxKeys) {
      const oldestKey = this.failures.keys().next().value;
      if (oldestKey === undefined) break;
      this.failures.delete(oldestKey);
    }
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  get size(): number {
    return this.failures.size;
  }
}

export class LoginThrottle {
  private readonly accounts: SlidingWindow;
  private readonly addresses: SlidingWindow;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    const maxKeys = options.maxKeys ?? 10_000;
    this.accounts = new SlidingWindow(options.account ?? DEFAULT_ACCOUNT_LIMITS, maxKeys);
    this.addresses = new SlidingWindow(options.address ?? DEFAULT_ADDRESS_LIMITS, maxKeys);
    this.now = options.now ?? Date.now;
  }

  /** Seconds the caller must wait (for Retry-After), or 0 when the attempt may go ahead. */
  retryAfterSeconds(account: string, address: string): number {
    const now = this.now();
    const wait = Math.max(
      this.accounts.waitMs(accountKey(account), now),
      this.addresses.waitMs(address, now),
    );
    return wait === 0 ? 0 : Math.ceil(wait / 1000);
  }

  failed(account: string, address: string): void {
    const now = this.now();
    this.accounts.fail(accountKey(account), now);
    this.addresses.fail(address, now);
  }

  succeeded(account: string): void {
    this.accounts.clear(accountKey(account));
  }

  /** Keys held (accounts, addresses); for tests of the memory bound. */
  get sizes(): { accounts: number; addresses: number } {
    return { accounts: this.accounts.size, addresses: this.addresses.size };
  }
}

/** User names are matched exactly at sign-in, but " Admin" and "admin" share one counter. */
function accountKey(account: string): string {
  return account.trim().toLowerCase();
}
