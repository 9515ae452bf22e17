// Server state of Admission monitoring (docs/conventions.md#server-state): keys defined once under
// `admissionsKeys`; the list, the "n new" poll, the chart, an event, the store facts and the
// control plane's liveness, all on the typed client.
import {
  AdmissionEventAnswerSchema,
  AdmissionPageSchema,
  AdmissionStatsSchema,
  AdmissionStoreSchema,
} from '@gated/shared';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { type AdmissionFilters, filtersToQuery, TIME_RANGES } from './admission-filters';
import { api, definedQuery, parse, seg, withSignal } from './client';

/** Rows per page: large pages keep 100,000 loaded rows to 100 requests. */
export const PAGE_SIZE = 1000;

/** A chart window narrower than the filter's range: where the data is, in finer buckets. */
export interface ChartWindow {
  from: string;
  to: string;
  bucket: '1m' | '5m' | '1h' | '1d';
}

export const admissionsKeys = {
  all: ['admissions'] as const,
  list: (filters: AdmissionFilters) => [...admissionsKeys.all, 'list', filters] as const,
  /** Every "n new" poll; `newer(filters, since)` is one of them. */
  newerAll: () => [...admissionsKeys.all, 'new'] as const,
  newer: (filters: AdmissionFilters, since: string | undefined) =>
    [...admissionsKeys.newerAll(), filters, since] as const,
  /** Every stats query; `stats(filters)` and `statsWindow(query, window)` sit under it. */
  statsAll: () => [...admissionsKeys.all, 'stats'] as const,
  stats: (filters: AdmissionFilters) => [...admissionsKeys.statsAll(), filters] as const,
  statsWindow: (query: Record<string, string | undefined>, window: ChartWindow | null) =>
    [...admissionsKeys.statsAll(), 'window', query, window] as const,
  detail: (eventId: string) => [...admissionsKeys.all, 'detail', eventId] as const,
  store: () => [...admissionsKeys.all, 'store'] as const,
  liveness: () => [...admissionsKeys.all, 'liveness'] as const,
};

/** The API query of the filters, resolved against the clock when the request is sent. */
const queryOf = (filters: AdmissionFilters) => filtersToQuery(filters, Date.now());

export const admissionsQueryOptions = (filters: AdmissionFilters) =>
  infiniteQueryOptions({
    queryKey: admissionsKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      parse(
        api.admissions.$get(
          { query: definedQuery({ ...queryOf(filters), limit: PAGE_SIZE, cursor: pageParam }) },
          withSignal(signal),
        ),
        AdmissionPageSchema,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Live updates never replace loaded rows: a separate poll counts what is new.
    staleTime: Infinity,
  });

/** Events newer than `since` matching the filters: the "n new" marker polls this. */
export const newAdmissionsQueryOptions = (filters: AdmissionFilters, since: string | undefined) =>
  queryOptions({
    queryKey: admissionsKeys.newer(filters, since),
    queryFn: ({ signal }) =>
      parse(
        api.admissions.$get(
          { query: definedQuery({ ...queryOf(filters), from: since, limit: PAGE_SIZE }) },
          withSignal(signal),
        ),
        AdmissionPageSchema,
      ),
    enabled: since !== undefined && filters.range !== 'custom',
    refetchInterval: 10_000,
    meta: { silent: true },
  });

export const admissionStatsQueryOptions = (filters: AdmissionFilters) =>
  queryOptions({
    queryKey: admissionsKeys.stats(filters),
    queryFn: ({ signal }) =>
      parse(
        api.admissions.stats.$get(
          {
            query: definedQuery({ ...queryOf(filters), bucket: TIME_RANGES[filters.range].bucket }),
          },
          withSignal(signal),
        ),
        AdmissionStatsSchema,
      ),
    refetchInterval: 30_000,
  });

/** Decisions per bucket over `window`, with the other filters as given (already API query). */
export const admissionStatsWindowQueryOptions = (
  query: Record<string, string | undefined>,
  window: ChartWindow | null,
) =>
  queryOptions({
    queryKey: admissionsKeys.statsWindow(query, window),
    queryFn: ({ signal }) =>
      parse(
        api.admissions.stats.$get(
          { query: definedQuery({ ...query, ...window }) },
          withSignal(signal),
        ),
        AdmissionStatsSchema,
      ),
    enabled: window !== null,
  });

export const admissionQueryOptions = (eventId: string) =>
  queryOptions({
    queryKey: admissionsKeys.detail(eventId),
    queryFn: ({ signal }) =>
      parse(
        api.admissions[':id'].$get({ param: { id: seg(eventId) } }, withSignal(signal)),
        AdmissionEventAnswerSchema,
      ),
    staleTime: Infinity,
  });

/** The CSV export link for the same filters. */
export function exportCsvHref(filters: AdmissionFilters): string {
  return api.admissions['export.csv'].$path({ query: definedQuery(queryOf(filters)) });
}

/** How much the event store holds, and its retention (Security Admins only). */
export const admissionStoreQueryOptions = () =>
  queryOptions({
    queryKey: admissionsKeys.store(),
    queryFn: ({ signal }) =>
      parse(api.admissions.store.$get({}, withSignal(signal)), AdmissionStoreSchema),
    staleTime: 60_000,
    meta: { silent: true },
  });

const HealthSchema = z.object({ status: z.literal('ok') });

/** Polls the control plane so an open page can say when its data stops being live. */
export const controlPlaneLivenessQueryOptions = (live: boolean) =>
  queryOptions({
    queryKey: admissionsKeys.liveness(),
    queryFn: ({ signal }) => parse(api.health.$get({}, withSignal(signal)), HealthSchema),
    refetchInterval: live ? 5_000 : false,
    refetchIntervalInBackground: true,
    retry: false,
    meta: { silent: true },
  });
