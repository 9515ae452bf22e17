/**
 * A size-bounded, approximately-LRU map whose entries expire. Entries past their refresh point are
 * still served (`refreshDue`) so the caller can refresh them in the background before they expire
 * (refresh-ahead). Eviction is CLOCK ("second chance"): a read only sets a flag — no Map reordering
 * on the hot path — and eviction skips (and re-queues) entries read since they were last passed.
 */
interface Entry<V> {
  value: V;
  /** When the value was stored (the clock given to `set`): its age in snapshots. */
  storedAt: number;
  refreshAt: number;
  expiresAt: number;
  used: boolean;
}

export interface CacheRead<V> {
  value: V;
  /** Past the refresh point: serve it, and refresh in the background. */
  refreshDue: boolean;
  /** Past its lifetime: only a fallback when a fresh lookup fails. */
  expired: boolean;
}

export class TtlLru<K, V> {
  private readonly map = new Map<K, Entry<V>>();

  /** `refreshRatio`: fraction of the TTL after which an entry is refreshed ahead of expiry. */
  constructor(
    readonly maxEntries: number,
    private readonly refreshRatio = 0.8,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K, now: number): CacheRead<V> | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    entry.used = true;
    return {
      value: entry.value,
      refreshDue: now >= entry.refreshAt,
      expired: now >= entry.expiresAt,
    };
  }

  /**
   * The value when it is stored and not yet due for refresh (so not expired either), else
   * undefined: the hot path's read, which makes no `CacheRead`.
   */
  fresh(key: K, now: number): V | undefined {
    const entry = this.map.get(key);
    if (!entry || now >= entry.refreshAt) return undefined;
    entry.used = true;
    return entry.value;
  }

  set(key: K, value: V, ttlMs: number, now: number): void {
    this.map.delete(key);
    this.map.set(key, {
      value,
      storedAt: now,
      refreshAt: now + ttlMs * this.refreshRatio,
      expiresAt: now + ttlMs,
      used: false,
    });
    while (this.map.size > this.maxEntries) this.evictOne();
  }

  /** Every entry with when it was stored, most recently stored first (snapshots). */
  newestFirst(): { key: K; value: V; storedAt: number }[] {
    const out: { key: K; value: V; storedAt: number }[] = [];
    for (const [key, e] of this.map) out.push({ key, value: e.value, storedAt: e.storedAt });
    return out.sort((a, b) => b.storedAt - a.storedAt);
  }

  private evictOne(): void {
    // Bounded: every entry passed over loses its flag, so at most one full lap before an eviction.
    for (let lap = 0; lap <= this.map.size; lap++) {
      const oldest = this.map.entries().next();
      if (oldest.done) return;
      const [key, entry] = oldest.value;
      this.map.delete(key);
      if (!entry.used) return;
      entry.used = false;
      this.map.set(key, entry);
    }
  }
}
