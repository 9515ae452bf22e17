// Server state of Admission monitoring (docs/conventions.md#server-state).
import {
  AdmissionEventAnswerSchema,
  AdmissionPageSchema,
  AdmissionStatsSchema,
  ClusterListSchema,
  RuleListSchema,
} from '@gated/shared';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { API_PREFIX, apiFetch, toSearch } from '../../../lib/api-client';
import { type AdmissionFilters, filtersToQuery, TIME_RANGES } from './admission-filters';

/** Rows per page: large pages keep 100,000 loaded rows to 100 requests. */
export const PAGE_SIZE = 1000;

export const admissionsQueryOptions = (filters: AdmissionFilters) =>
  infiniteQueryOptions({
    queryKey: ['admissions', 'list', filters] as const,
    queryFn: ({ pageParam, signal }) =>
      apiFetch(
        `/admissions${toSearch({ ...filtersToQuery(filters, Date.now()), limit: PAGE_SIZE, cursor: pageParam })}`,
        {
          schema: AdmissionPageSchema,
          signal,
        },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Live updates never replace loaded rows: a separate poll counts what is new.
    staleTime: Infinity,
  });

/** Events newer than `since` matching the filters: the "n new" marker polls this. */
export const newAdmissionsQueryOptions = (filters: AdmissionFilters, since: string | undefined) =>
  queryOptions({
    queryKey: ['admissions', 'new', filters, since] as const,
    queryFn: ({ signal }) =>
      apiFetch(
        `/admissions${toSearch({ ...filtersToQuery(filters, Date.now()), from: since, limit: PAGE_SIZE })}`,
        {
          schema: AdmissionPageSchema,
          signal,
        },
      ),
    enabled: since !== undefined && filters.range !== 'custom',
    refetchInterval: 10_000,
    meta: { silent: true },
  });

export const admissionStatsQueryOptions = (filters: AdmissionFilters) =>
  queryOptions({
    queryKey: ['admissions', 'stats', filters] as const,
    queryFn: ({ signal }) =>
      apiFetch(
        `/admissions/stats${toSearch({ ...filtersToQuery(filters, Date.now()), bucket: TIME_RANGES[filters.range].bucket })}`,
        { schema: AdmissionStatsSchema, signal },
      ),
    refetchInterval: 30_000,
  });

export const admissionQueryOptions = (eventId: string) =>
  queryOptions({
    queryKey: ['admissions', 'detail', eventId] as const,
    queryFn: ({ signal }) =>
      apiFetch(`/admissions/${encodeURIComponent(eventId)}`, {
        schema: AdmissionEventAnswerSchema,
        signal,
      }),
    staleTime: Infinity,
  });

/** Rule names for the rule filter (the rules feature owns rules; this is a read-only lookup). */
export const ruleNamesQueryOptions = () =>
  queryOptions({
    queryKey: ['rules', 'list', { view: 'monitoring-filter' }] as const,
    queryFn: ({ signal }) =>
      apiFetch('/rules', { schema: RuleListSchema, signal }).then((r) => r.items),
  });

/** The CSV export link for the same filters. */
export function exportCsvHref(filters: AdmissionFilters): string {
  return `${API_PREFIX}/admissions/export.csv${toSearch(filtersToQuery(filters, Date.now()))}`;
}

/** Cluster names for the cluster filter. */
export const clusterNamesQueryOptions = () =>
  queryOptions({
    queryKey: ['clusters', 'list', { view: 'monitoring-filter' }] as const,
    queryFn: ({ signal }) =>
      apiFetch('/clusters', { schema: ClusterListSchema, signal }).then((r) => r.items),
  });
