/**
 * A Prometheus histogram with one label, kept as plain number arrays per label value: `observe`
 * is a bucket search over a dozen bounds and three increments, with no labels object, hashing or
 * allocation per call (prom-client's Histogram does all three). The exposition text is built at
 * scrape time through the registry's ordinary `get()` contract, so `/metrics` is unchanged.
 */
import type { Registry } from 'prom-client';

interface Cell {
  counts: Float64Array;
  sum: number;
  count: number;
}

export class CellHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly cells = new Map<string, Cell>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelName: string,
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The cell of one label value, made once: callers on the hot path keep it. */
  cell(labelValue: string): Cell {
    let cell = this.cells.get(labelValue);
    if (!cell) {
      cell = { counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
      this.cells.set(labelValue, cell);
    }
    return cell;
  }

  observe(cell: Cell, value: number): void {
    const buckets = this.buckets;
    let i = 0;
    while (i < buckets.length && value > (buckets[i] as number)) i++;
    cell.counts[i] = (cell.counts[i] ?? 0) + 1;
    cell.sum += value;
    cell.count++;
  }

  reset(): void {
    this.cells.clear();
  }

  /** prom-client's metric contract: cumulative buckets, `_sum` and `_count` per label value. */
  get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: { metricName: string; labels: Record<string, string | number>; value: number }[];
  }> {
    const values: { metricName: string; labels: Record<string, string | number>; value: number }[] =
      [];
    for (const [labelValue, cell] of this.cells) {
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += cell.counts[i] ?? 0;
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { le, [this.labelName]: labelValue },
          value: cumulative,
        });
      });
      values.push({
        metricName: `${this.name}_bucket`,
        labels: { le: '+Inf', [this.labelName]: labelValue },
        value: cell.count,
      });
      values.push({
        metricName: `${this.name}_sum`,
        labels: { [this.labelName]: labelValue },
        value: cell.sum,
      });
      values.push({
        metricName: `${this.name}_count`,
        labels: { [this.labelName]: labelValue },
        value: cell.count,
      });
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
    });
  }
}
