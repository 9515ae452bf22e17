// Route element of `/audit-log` (lazy chunk): who changed what and when, filterable, read-only
// for every role. Filters live in the URL (model/audit-filters.ts).
import { Button, Spinner, Text } from '@fluentui/react-components';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { auditLogQueryOptions } from '@/api/audit-log';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { PageHeader } from '@/components/page-header';
import { Panel } from '@/components/panel';
import { AuditFilterBar } from './components/audit-filter-bar';
import { AuditTable } from './components/audit-table';
import {
  auditFiltersToQuery,
  auditFiltersToSearch,
  parseAuditFilters,
} from './model/audit-filters';

export default function AuditLogPage() {
  const [search, setSearch] = useSearchParams();
  const filters = parseAuditFilters(search);
  const log = useInfiniteQuery(auditLogQueryOptions(auditFiltersToQuery(filters)));
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <PageHeader
        title="Audit log"
        breadcrumb={[{ label: 'Audit log' }]}
        description="Every change made through the portal or the API: who, when, and what changed. Read-only."
      />
      <Panel>
        <AuditFilterBar
          key={search.toString()}
          value={filters}
          onApply={(f) => setSearch(auditFiltersToSearch(f))}
        />
        {log.isPending && <Spinner label="Loading the audit log…" />}
        {log.isError && (
          <ErrorState
            title="The audit log failed to load"
            error={log.error}
            onRetry={() => void log.refetch()}
          />
        )}
        {log.isSuccess && entries.length === 0 && (
          <EmptyState title="No changes match">
            Clear or widen the filters to see more entries.
          </EmptyState>
        )}
        {entries.length > 0 && (
          <>
            <Text>
              {entries.length} {entries.length === 1 ? 'entry' : 'entries'} shown
              {log.hasNextPage ? ', more available' : ''}
            </Text>
            <AuditTable entries={entries} />
          </>
        )}
        {log.hasNextPage && (
          <Button onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
            {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        )}
      </Panel>
    </div>
  );
}
