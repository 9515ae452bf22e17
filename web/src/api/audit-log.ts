// Server state of the audit-log screen (docs/conventions.md#server-state): pages of entries for
// the filters in the URL, newest first, walked with the API's cursor.
import { AuditLogPageSchema } from '@gated/shared';
import { infiniteQueryOptions } from '@tanstack/react-query';
import { apiFetch, toSearch } from '../lib/api-client';

/** What the screen filters by; empty strings and undefined mean "any". */
export interface AuditLogFilters {
  actor?: string | undefined;
  action?: string | undefined;
  /** A target id (rule, environment, cluster…). */
  resourceId?: string | undefined;
  /** ISO datetimes. */
  from?: string | undefined;
  to?: string | undefined;
}

const PAGE = 50;

export const auditLogQueryOptions = (filters: AuditLogFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit-log', filters] as const,
    queryFn: ({ signal, pageParam }) =>
      apiFetch(`/audit-log${toSearch({ ...filters, limit: PAGE, cursor: pageParam })}`, {
        schema: AuditLogPageSchema,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
