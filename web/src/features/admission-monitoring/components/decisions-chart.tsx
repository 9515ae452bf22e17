import { Skeleton, SkeletonItem, Text } from '@fluentui/react-components';
import type { Decision } from '@gated/shared';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { ErrorState } from '../../../components/error-state';
import { useNow } from '../../../lib/use-now';
import type { AdmissionFilters } from '../api/admission-filters';
import { filtersToQuery } from '../api/admission-filters';
import { admissionStatsQueryOptions } from '../api/admissions.queries';
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

  // The chart's window: the filter's range, ending now unless a custom end is set.
  const window = useMemo(() => {
    const now = stats.dataUpdatedAt || mountedAt;
    const q = filtersToQuery(filters, now);
    return {
      fromMs: q.from ? Date.parse(q.from) : now - 86_400_000,
      toMs: q.to ? Date.parse(q.to) : now,
    };
  }, [filters, stats.dataUpdatedAt, mountedAt]);

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
      </div>
      {canvasAvailable && stats.data.buckets.length > 0 && (
        <Suspense fallback={<SkeletonItem size={128} />}>
          <UplotChart stats={stats.data} fromMs={window.fromMs} toMs={window.toMs} />
        </Suspense>
      )}
    </figure>
  );
}
