import { Button, Skeleton, SkeletonItem, Spinner, Text } from '@fluentui/react-components';
import { ArrowDownloadRegular, ArrowSyncRegular, ArrowUpRegular } from '@fluentui/react-icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { PageHeader } from '@/components/page-header';
import { Panel } from '@/components/panel';
import { PanelErrorBoundary } from '@/components/panel-error-boundary';
import { paths } from '@/config/paths';
import { type AdmissionFilters, filtersToSearch, parseFilters } from '@/api/admission-filters';
import {
  admissionStatsQueryOptions,
  admissionsQueryOptions,
  controlPlaneLivenessQueryOptions,
  exportCsvHref,
  newAdmissionsQueryOptions,
} from '@/api/admissions';
import { useIsAdmin } from '@/lib/auth';
import { LivenessIndicator } from './components/liveness-indicator';
import { StoreFacts } from './components/store-facts';
import { countsSummary } from './model/counts-summary';
import { useAdmissionMonitoringPageStyles } from './admission-monitoring-page.styles';
import { AdmissionFiltersBar } from './components/admission-filters-bar';
import { AdmissionsGrid } from './components/admissions-grid';
import { DecisionsChart } from './components/decisions-chart';
import { EventDrawer } from './components/event-drawer';

/** Admission monitoring: filters (in the URL), chart, live "n new" marker, virtualized grid, details drawer. */
export default function AdmissionMonitoringPage() {
  const styles = useAdmissionMonitoringPageStyles();
  const { eventId } = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const filters = useMemo(() => parseFilters(search), [search]);
  const listOptions = admissionsQueryOptions(filters);
  const list = useInfiniteQuery(listOptions);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  // Rows come by last seen: a repeat folded into a loaded row counts as new too.
  const newest = items[0] ? (items[0].lastSeenAt ?? items[0].time) : undefined;
  const [paused, setPaused] = useState(false);
  const live = !paused && filters.range !== 'custom';
  const fresh = useQuery({
    ...newAdmissionsQueryOptions(filters, newest),
    refetchInterval: live ? 10_000 : false,
  });
  const newCount =
    fresh.data?.items.filter((e) => newest !== undefined && (e.lastSeenAt ?? e.time) > newest)
      .length ?? 0;
  const stats = useQuery(admissionStatsQueryOptions(filters));
  const liveness = useQuery(controlPlaneLivenessQueryOptions(live));
  const lost = liveness.isError || fresh.isError;
  const isAdmin = useIsAdmin();

  const searchString = search.toString();
  const setFilters = (next: AdmissionFilters) =>
    setSearch(filtersToSearch(next), { replace: true });
  const open = useCallback(
    (id: string) => void navigate(paths.admission.build(id, searchString)),
    [navigate, searchString],
  );
  const hrefFor = useCallback(
    (id: string) => paths.admission.build(id, searchString),
    [searchString],
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const statsKey = admissionStatsQueryOptions(filters).queryKey;
  const showNew = () => {
    void client.resetQueries({ queryKey: listOptions.queryKey });
    void client.invalidateQueries({ queryKey: statsKey });
  };

  let body;
  if (list.isPending) {
    body = (
      <Skeleton aria-label="Loading admission events">
        {Array.from({ length: 8 }, (_, i) => (
          <SkeletonItem key={i} size={36} />
        ))}
      </Skeleton>
    );
  } else if (list.isError) {
    body = (
      <ErrorState
        title="Could not load the admission events"
        error={list.error}
        onRetry={() => void list.refetch()}
      />
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState
        title="No admissions match these filters"
        action={
          <Button onClick={() => setFilters({ range: '30d', decision: [] })}>
            Show the last 30 days, unfiltered
          </Button>
        }
      >
        Widen the time range or clear filters. If nothing ever shows up, check in Environment
        settings that a cluster is registered and its gate is connected.
      </EmptyState>
    );
  } else {
    body = <AdmissionsGrid items={items} onEndReached={loadMore} onOpen={open} hrefFor={hrefFor} />;
  }

  return (
    <>
      <PageHeader
        title="Admission monitoring"
        breadcrumb={[{ label: 'Admission monitoring' }]}
        description="Every decision the gates made, with the rule that decided it and the full evaluation trace."
        commands={
          <>
            <LivenessIndicator
              state={lost ? 'lost' : live ? 'live' : 'paused'}
              since={liveness.dataUpdatedAt}
              canResume={filters.range !== 'custom'}
              onToggle={() => setPaused((p) => !p)}
            />
            <Button appearance="subtle" icon={<ArrowSyncRegular />} onClick={showNew}>
              Refresh
            </Button>
            <Button
              as="a"
              appearance="subtle"
              icon={<ArrowDownloadRegular />}
              href={exportCsvHref(filters)}
              download
            >
              Export CSV
            </Button>
          </>
        }
      />
      <AdmissionFiltersBar filters={filters} onChange={setFilters} />
      <Panel className={styles.chartCard}>
        <PanelErrorBoundary title="The chart failed to show">
          <DecisionsChart filters={filters} />
        </PanelErrorBoundary>
      </Panel>
      <div className={styles.statusRow} aria-live="polite">
        <Text className={styles.muted}>
          {list.isSuccess && countsSummary(items.length, hasNextPage, stats.data?.totals)}
        </Text>
        {isFetchingNextPage && <Spinner size="tiny" label="Loading more" />}
        {isAdmin && <StoreFacts className={styles.muted} />}
        {newCount > 0 && (
          <Button appearance="primary" icon={<ArrowUpRegular />} onClick={showNew}>
            {newCount >= 1000 ? '1000+' : newCount} new event{newCount === 1 ? '' : 's'}, show
          </Button>
        )}
      </div>
      <PanelErrorBoundary title="The events table failed to show">{body}</PanelErrorBoundary>
      <EventDrawer
        eventId={eventId}
        onClose={() => void navigate(paths.admissions.build(searchString))}
      />
    </>
  );
}
