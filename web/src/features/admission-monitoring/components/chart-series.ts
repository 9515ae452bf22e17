import type { AdmissionStats, Decision } from '@gated/shared';

const BUCKET_SECONDS: Record<AdmissionStats['bucket'], number> = {
  '1m': 60,
  '5m': 300,
  '1h': 3600,
  '1d': 86_400,
};
const DECISIONS: Decision[] = ['Deny', 'Audit', 'Allow', 'NotGated'];

/**
 * Chart columns for uPlot (x in epoch seconds), with a zero for every empty bucket of the window
 * `[fromMs, toMs]`. The API returns only buckets that have events; plotting those alone draws one
 * dot, and uPlot then picks a meaningless x range of several years around it.
 */
export function chartColumns(
  stats: Pick<AdmissionStats, 'bucket' | 'buckets'>,
  fromMs: number,
  toMs: number,
): { xs: number[]; series: Record<Decision, number[]> } {
  const step = BUCKET_SECONDS[stats.bucket];
  const rows = new Map<number, Record<Decision, number>>();
  const from = Math.floor(fromMs / 1000 / step) * step;
  const to = Math.floor(toMs / 1000 / step) * step;
  // Cap the grid so a wide custom range with small buckets cannot allocate without bound.
  if ((to - from) / step <= 5000) {
    for (let t = from; t <= to; t += step)
      rows.set(t, { Deny: 0, Audit: 0, Allow: 0, NotGated: 0 });
  }
  for (const b of stats.buckets) {
    const t = Math.floor(Date.parse(b.start) / 1000);
    rows.set(t, { Deny: b.Deny, Audit: b.Audit, Allow: b.Allow, NotGated: b.NotGated });
  }
  const xs = [...rows.keys()].sort((a, b) => a - b);
  const series = Object.fromEntries(
    DECISIONS.map((d) => [d, xs.map((t) => rows.get(t)?.[d] ?? 0)]),
  ) as Record<Decision, number[]>;
  return { xs, series };
}
