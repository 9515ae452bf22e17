/**
 * A size-bounded LRU map whose entries expire. Entries past their refresh point are still served
 * (`refreshDue`) so the caller can refresh them in the background before they expire (refresh-ahead).
 * A Map keeps insertion order, so re-inserting on read makes the first key the least recently used.
 */
interface Entry<V> {
  value: V;
  refreshAt: number;
  expiresAt: number;
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
    this.map.delete(key);
    this.map.set(key, entry);
    return { value: entry.value, refreshDue: now >= entry.refreshAt, expired: now >= entry.expiresAt };
  }

  set(key: K, value: V, ttlMs: number, now: number): void {
    this.map.delete(key);
    this.map.set(key, { value, refreshAt: now + ttlMs * this.refreshRatio, expiresAt: now + ttlMs });
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }
}
