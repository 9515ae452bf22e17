import { Skeleton, SkeletonItem, Text } from '@fluentui/react-components';
import type { Decision } from '@gated/shared';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { ErrorState } from '@/components/error-state';
import { useNow } from '@/lib/use-now';
import { type AdmissionFilters, filtersToQuery } from '@/api/admission-filters';
import { admissionStatsQueryOptions, admissionStatsWindowQueryOptions } from '@/api/admissions';
import { chartWindowFor } from '@/features/admission-monitoring/model/chart-window';
import { DECISION_LABEL, DecisionBadge } from './decision-badge';
import { useDecisionsChartStyles } from './decisions-chart.styles';

const UplotChart = lazy(() => import('./uplot-chart'));

/** jsdom and very old browsers have no 2D canvas: then only the text totals are shown. */
const canvasAvailable = (() => {
  try {
    return (
      typeof document !== 'undefined' && document.createElement('canvas').getContext('2d') !== null
    );
  } catch {
    return false;
  }
})();

const ORDER: Decision[] = ['Deny', 'Audit', 'Allow', 'NotGated'];
const spanFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** Decisions over time for the current filters: totals as text (for everyone) and a uPlot chart. */
export function DecisionsChart({ filters }: { filters: AdmissionFilters }) {
  const styles = useDecisionsChartStyles();
  const stats = useQuery(admissionStatsQueryOptions(filters));
  const mountedAt = useNow();
  const totals = useMemo(() => {
    const t: Record<Decision, number> = { Deny: 0, Audit: 0, Allow: 0, NotGated: 0 };
    for (const b of stats.data?.buckets ?? []) for (const d of ORDER) t[d] += b[d];
    return t;
  }, [stats.data]);

  // The filter's range, ending now unless a custom end is set…
  const range = useMemo(() => {
    const now = stats.dataUpdatedAt || mountedAt;
    const q = filtersToQuery(filters, now);
    return {
      query: q,
      fromMs: q.from ? Date.parse(q.from) : now - 86_400_000,
      toMs: q.to ? Date.parse(q.to) : now,
    };
  }, [filters, stats.dataUpdatedAt, mountedAt]);
  // …or, when the data fills only a small part of it, the stretch where the data is.
  const zoom = useMemo(
    () => chartWindowFor(stats.data?.span ?? null, range.fromMs, range.toMs),
    [stats.data, range],
  );
  const zoomed = useQuery(admissionStatsWindowQueryOptions(range.query, zoom));
  const shown = zoom && zoomed.data ? zoomed.data : stats.data;
  const window = zoom
    ? { fromMs: Date.parse(zoom.from), toMs: Date.parse(zoom.to) }
    : { fromMs: range.fromMs, toMs: range.toMs };

  if (stats.isPending) {
    return (
      <Skeleton aria-label="Loading the decisions chart">
        <SkeletonItem size={128} />
      </Skeleton>
    );
  }
  if (stats.isError)
    return (
      <ErrorState
        title="Could not load the chart"
        error={stats.error}
        onRetry={() => void stats.refetch()}
      />
    );

  return (
    <figure className={styles.root} aria-label="Decisions over time">
      <div className={styles.totals}>
        {ORDER.map((d) => (
          <Text key={d} aria-label={`${DECISION_LABEL[d]}: ${totals[d]}`}>
            <DecisionBadge decision={d} /> {totals[d]}
          </Text>
        ))}
        {zoom && (
          <Text size={200} className={styles.caption}>
            Zoomed to the data: {spanFormat.formatRange(window.fromMs, window.toMs)}
          </Text>
        )}
      </div>
      {canvasAvailable && shown && shown.buckets.length > 0 && (
        <Suspense fallback={<SkeletonItem size={96} />}>
          <UplotChart stats={shown} fromMs={window.fromMs} toMs={window.toMs} />
        </Suspense>
      )}
    </figure>
  );
}
