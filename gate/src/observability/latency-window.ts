/**
 * The last N admission latencies in a ring buffer: O(1) per admission, sorted only when the p99 is
 * asked for (once per event batch). Replaces a prom-client Summary, whose t-digest inserts showed
 * up in the hot path's profile.
 */
export class LatencyWindow {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;

  constructor(size = 4096) {
    this.values = new Float64Array(size);
  }

  observe(ms: number): void {
    this.values[this.next] = ms;
    this.next = (this.next + 1) % this.values.length;
    if (this.count < this.values.length) this.count++;
  }

  /** Quantile (0..1) of the window in ms, or null when empty. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const sorted = this.values.slice(0, this.count).sort();
    return sorted[Math.min(this.count - 1, Math.ceil(q * this.count) - 1)] ?? null;
  }
}
