// Monitoring filters as they live in the URL, and their translation to the API query. Pure: no React.
import { type Decision, DecisionSchema } from '@gated/shared';

export const TIME_RANGES = {
  '1h': { label: 'Last hour', ms: 3_600_000, bucket: '1m' },
  '24h': { label: 'Last 24 hours', ms: 86_400_000, bucket: '1h' },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000, bucket: '1h' },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000, bucket: '1d' },
  custom: { label: 'Custom range', ms: 0, bucket: '1h' },
} as const;
export type TimeRange = keyof typeof TIME_RANGES;

export interface AdmissionFilters {
  range: TimeRange;
  /** Only for `custom`: ISO datetimes. */
  from?: string;
  to?: string;
  decision: Decision[];
  cluster?: string;
  namespace?: string;
  rule?: string;
  q?: string;
}

export const DEFAULT_RANGE: TimeRange = '7d';

const isRange = (v: string | null): v is TimeRange => v !== null && v in TIME_RANGES;
const nonEmpty = (v: string | null) => (v && v.trim() !== '' ? v : undefined);
const validIso = (v: string | null) =>
  v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined;

/** Reads the filters from URL search params (unknown values are ignored, not fatal). */
export function parseFilters(search: URLSearchParams): AdmissionFilters {
  const range = search.get('range');
  return {
    range: isRange(range) ? range : DEFAULT_RANGE,
    from: validIso(search.get('from')),
    to: validIso(search.get('to')),
    decision: (search.get('decision') ?? '')
      .split(',')
      .filter((d): d is Decision => DecisionSchema.safeParse(d).success),
    cluster: nonEmpty(search.get('cluster')),
    namespace: nonEmpty(search.get('namespace')),
    rule: nonEmpty(search.get('rule')),
    q: nonEmpty(search.get('q')),
  };
}

/** Writes the filters as URL search params, leaving defaults out so URLs stay short. */
export function filtersToSearch(f: AdmissionFilters): URLSearchParams {
  const s = new URLSearchParams();
  if (f.range !== DEFAULT_RANGE) s.set('range', f.range);
  if (f.range === 'custom') {
    if (f.from) s.set('from', f.from);
    if (f.to) s.set('to', f.to);
  }
  if (f.decision.length) s.set('decision', f.decision.join(','));
  if (f.cluster) s.set('cluster', f.cluster);
  if (f.namespace) s.set('namespace', f.namespace);
  if (f.rule) s.set('rule', f.rule);
  if (f.q) s.set('q', f.q);
  return s;
}

/** The API query (`from`/`to` resolved against `now` for presets). */
export function filtersToQuery(
  f: AdmissionFilters,
  now: number,
): Record<string, string | undefined> {
  const from =
    f.range === 'custom' ? f.from : new Date(now - TIME_RANGES[f.range].ms).toISOString();
  const to = f.range === 'custom' ? f.to : undefined;
  return {
    from,
    to,
    decision: f.decision.length ? f.decision.join(',') : undefined,
    cluster: f.cluster,
    namespace: f.namespace,
    rule: f.rule,
    q: f.q,
  };
}
