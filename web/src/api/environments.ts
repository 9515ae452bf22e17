// Server state of environments (docs/conventions.md#server-state): keys defined once under
// `environmentsKeys`, query-option factories on the typed client, and the optimistic PATCH.
import {
  type Environment,
  EnvironmentListSchema,
  EnvironmentSchema,
  type PatchEnvironmentInput,
} from '@gated/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, parse, seg, withSignal } from './client';

/** Every environments key starts with `environmentsKeys.all` (signers sit under it too). */
export const environmentsKeys = {
  all: ['environments'] as const,
  lists: () => [...environmentsKeys.all, 'list'] as const,
  signers: (environmentId: string) => [...environmentsKeys.all, 'signers', environmentId] as const,
};

/** `GET /environments`: every environment (settings, and the cloud scopes of rules). */
export const environmentsQueryOptions = () =>
  queryOptions({
    queryKey: environmentsKeys.lists(),
    queryFn: async ({ signal }): Promise<Environment[]> =>
      (await parse(api.environments.$get({}, withSignal(signal)), EnvironmentListSchema)).items,
  });

/** The same list for the rule screens, which may show it a minute old. */
export const scopeEnvironmentsQueryOptions = () =>
  queryOptions({ ...environmentsQueryOptions(), staleTime: 60_000 });

export const useEnvironments = () => useQuery(environmentsQueryOptions());

/** Environment id → name, for summaries and sentences. */
export function environmentNames(
  environments: readonly Environment[] | undefined,
): ReadonlyMap<string, string> {
  return new Map((environments ?? []).map((e) => [e.id, e.name]));
}

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
      parse(
        api.environments[':id'].$patch({ param: { id: seg(environmentId) }, json: patch }),
        EnvironmentSchema,
      ),
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
