// Where the decisions chart looks: the filter's range, or, when the data fills only a small part
// of it, the stretch where the data is, in buckets fine enough to show its shape. Pure: no React.
import type { AdmissionStats } from '@gated/shared';
import type { ChartWindow } from '@/api/admissions';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Finest bucket that keeps a window of `ms` to a few hundred points. */
export function bucketFor(ms: number): ChartWindow['bucket'] {
  if (ms <= 3 * HOUR) return '1m';
  if (ms <= 12 * HOUR) return '5m';
  if (ms <= 14 * 24 * HOUR) return '1h';
  return '1d';
}

/**
 * The zoomed window for data spanning `span` inside `[fromMs, toMs]`, or null when the data covers
 * half the range or more (the range itself is then the right window).
 */
export function chartWindowFor(
  span: AdmissionStats['span'],
  fromMs: number,
  toMs: number,
): ChartWindow | null {
  if (!span) return null;
  const lo = Math.max(fromMs, Date.parse(span.first));
  const hi = Math.min(toMs, Date.parse(span.last));
  const width = Math.max(hi - lo, MINUTE);
  if (width * 2 >= toMs - fromMs) return null;
  const pad = Math.max(width * 0.1, 5 * MINUTE);
  const from = Math.max(fromMs, lo - pad);
  const to = Math.min(toMs, hi + pad);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    bucket: bucketFor(to - from),
  };
}
