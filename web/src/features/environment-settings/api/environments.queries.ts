// Server state of Environment settings (docs/conventions.md#server-state): query-option factories
// with hierarchical keys, thin hooks, mutations that invalidate through the factories' keys.
import {
  ClusterListSchema,
  type Environment,
  EnvironmentListSchema,
  EnvironmentSchema,
  type PatchEnvironmentInput,
  type RegisterClusterInput,
  RegisteredClusterSchema,
} from '@gated/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, toSearch } from '../../../lib/api-client';

export const environmentsQueryOptions = () =>
  queryOptions({
    queryKey: ['environments', 'list'] as const,
    queryFn: ({ signal }) =>
      apiFetch('/environments', { schema: EnvironmentListSchema, signal }).then((r) => r.items),
  });

export const clustersQueryOptions = (filters: { environmentId?: string } = {}) =>
  queryOptions({
    queryKey: ['clusters', 'list', filters] as const,
    queryFn: ({ signal }) =>
      apiFetch(`/clusters${toSearch(filters)}`, { schema: ClusterListSchema, signal }).then(
        (r) => r.items,
      ),
    // Gate status (last seen) moves on its own.
    refetchInterval: 30_000,
  });

export const useEnvironments = () => useQuery(environmentsQueryOptions());
export const useClusters = (environmentId: string) =>
  useQuery(clustersQueryOptions({ environmentId }));

/** Applies a PATCH to a cached environment, as the server would (optimistic update). */
function applyPatch(env: Environment, patch: PatchEnvironmentInput): Environment {
  return {
    ...env,
    ...(patch.name ? { name: patch.name } : {}),
    ...(patch.ungatedRegistries ? { ungatedRegistries: patch.ungatedRegistries } : {}),
    extensions: {
      defenderSensor: { ...env.extensions.defenderSensor, ...patch.extensions?.defenderSensor },
      registryAccess: { ...env.extensions.registryAccess, ...patch.extensions?.registryAccess },
    },
  };
}

/** PATCH an environment optimistically: the cache changes at once and rolls back on failure. */
export function usePatchEnvironment(environmentId: string) {
  const client = useQueryClient();
  const listKey = environmentsQueryOptions().queryKey;
  return useMutation({
    mutationFn: (patch: PatchEnvironmentInput) =>
      apiFetch(`/environments/${encodeURIComponent(environmentId)}`, {
        method: 'PATCH',
        body: patch,
        schema: EnvironmentSchema,
      }),
    onMutate: async (patch) => {
      await client.cancelQueries({ queryKey: listKey });
      const previous = client.getQueryData(listKey);
      client.setQueryData(listKey, (list) =>
        list?.map((e) => (e.id === environmentId ? applyPatch(e, patch) : e)),
      );
      return { previous };
    },
    onError: (_error, _patch, context) => {
      if (context?.previous) client.setQueryData(listKey, context.previous);
    },
    onSuccess: (updated) => {
      client.setQueryData(listKey, (list) => list?.map((e) => (e.id === updated.id ? updated : e)));
    },
    onSettled: () => client.invalidateQueries({ queryKey: listKey }),
  });
}

export function useRegisterCluster() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RegisterClusterInput) =>
      apiFetch('/clusters', { method: 'POST', body: input, schema: RegisteredClusterSchema }),
    meta: { silent: true },
    onSuccess: () =>
      client.invalidateQueries({ queryKey: clustersQueryOptions().queryKey.slice(0, 2) }),
  });
}

export function useDeleteCluster() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (clusterId: string) =>
      apiFetch<undefined>(`/clusters/${encodeURIComponent(clusterId)}`, { method: 'DELETE' }),
    meta: { successMessage: 'Cluster removed' },
    onSettled: () =>
      client.invalidateQueries({ queryKey: clustersQueryOptions().queryKey.slice(0, 2) }),
  });
}
