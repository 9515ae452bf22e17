// Admission monitoring's newer server state (docs/conventions.md#server-state): the chart's
// window that follows the data, the store facts admins see, and the liveness poll.
import { AdmissionStatsSchema, AdmissionStoreSchema } from '@gated/shared';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch, toSearch } from '../lib/api-client';

/** A chart window narrower than the filter's range: where the data is, in finer buckets. */
export interface ChartWindow {
  from: string;
  to: string;
  bucket: '1m' | '5m' | '1h' | '1d';
}

/** Decisions per bucket over `window`, with the other filters as given (already API query). */
export const admissionStatsWindowQueryOptions = (
  query: Record<string, string | undefined>,
  window: ChartWindow | null,
) =>
  queryOptions({
    queryKey: ['admissions', 'stats', 'window', query, window] as const,
    queryFn: ({ signal }) =>
      apiFetch(`/admissions/stats${toSearch({ ...query, ...window })}`, {
        schema: AdmissionStatsSchema,
        signal,
      }),
    enabled: window !== null,
  });

/** How much the event store holds, and its retention (Security Admins only). */
export const admissionStoreQueryOptions = () =>
  queryOptions({
    queryKey: ['admissions', 'store'] as const,
    queryFn: ({ signal }) =>
      apiFetch('/admissions/store', { schema: AdmissionStoreSchema, signal }),
    staleTime: 60_000,
    meta: { silent: true },
  });

const HealthSchema = z.object({ status: z.literal('ok') });

/** Polls the control plane so an open page can say when its data stops being live. */
export const controlPlaneLivenessQueryOptions = (live: boolean) =>
  queryOptions({
    queryKey: ['admissions', 'liveness'] as const,
    queryFn: ({ signal }) => apiFetch('/health', { schema: HealthSchema, signal }),
    refetchInterval: live ? 5_000 : false,
    refetchIntervalInBackground: true,
    retry: false,
    meta: { silent: true },
  });
