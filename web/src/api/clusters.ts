// Server state of clusters (docs/conventions.md#server-state): keys defined once under
// `clustersKeys`; the settings list, the monitoring filter and the wizard's gate latency all read
// `GET /clusters` through them, so one invalidation refreshes every view.
import {
  type Cluster,
  ClusterListSchema,
  type RegisterClusterInput,
  RegisteredClusterSchema,
} from '@gated/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, definedQuery, noContent, parse, seg, withSignal } from './client';

export interface ClusterFilters {
  environmentId?: string;
}

export const clustersKeys = {
  all: ['clusters'] as const,
  lists: () => [...clustersKeys.all, 'list'] as const,
  list: (filters: ClusterFilters) => [...clustersKeys.lists(), filters] as const,
};

/** `GET /clusters`, optionally of one environment. */
export const clustersQueryOptions = (filters: ClusterFilters = {}) =>
  queryOptions({
    queryKey: clustersKeys.list(filters),
    queryFn: async ({ signal }): Promise<Cluster[]> =>
      (
        await parse(
          api.clusters.$get({ query: definedQuery({ ...filters }) }, withSignal(signal)),
          ClusterListSchema,
        )
      ).items,
    // Gate status (last seen) moves on its own.
    refetchInterval: 30_000,
  });

export const useClusters = (environmentId: string) =>
  useQuery(clustersQueryOptions({ environmentId }));

/** Every cluster, for the monitoring page's cluster filter (names change rarely: no polling). */
export const clusterNamesQueryOptions = () =>
  queryOptions({ ...clustersQueryOptions(), refetchInterval: false });

/** The slowest gate's reported p99 in ms, or null when no gate has reported (the Deny notice). */
export const gateP99QueryOptions = () =>
  queryOptions({
    ...clustersQueryOptions(),
    select: (clusters: Cluster[]): number | null => {
      const measured = clusters.map((c) => c.gateP99Ms).filter((ms): ms is number => ms !== null);
      return measured.length > 0 ? Math.max(...measured) : null;
    },
    refetchInterval: false,
    meta: { silent: true },
    staleTime: 60_000,
  });

export function useRegisterCluster() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RegisterClusterInput) =>
      parse(api.clusters.$post({ json: input }), RegisteredClusterSchema),
    meta: { silent: true },
    onSuccess: () => client.invalidateQueries({ queryKey: clustersKeys.lists() }),
  });
}

export function useDeleteCluster() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (clusterId: string) =>
      noContent(api.clusters[':id'].$delete({ param: { id: seg(clusterId) } })),
    meta: { successMessage: 'Cluster removed' },
    onSettled: () => client.invalidateQueries({ queryKey: clustersKeys.lists() }),
  });
}
