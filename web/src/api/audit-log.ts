// Server state of the audit-log screen (docs/conventions.md#server-state): pages of entries for
// the filters in the URL, newest first, walked with the API's cursor.
import { AuditLogPageSchema } from '@gated/shared';
import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, definedQuery, parse, withSignal } from './client';

/** Every audit-log key starts with `auditLogKeys.all`. */
export const auditLogKeys = {
  all: ['audit-log'] as const,
  list: (filters: AuditLogFilters) => [...auditLogKeys.all, 'list', filters] as const,
};

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
    queryKey: auditLogKeys.list(filters),
    queryFn: ({ signal, pageParam }) =>
      parse(
        api['audit-log'].$get(
          { query: definedQuery({ ...filters, limit: PAGE, cursor: pageParam }) },
          withSignal(signal),
        ),
        AuditLogPageSchema,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
