// What the rule screens read from other resources: environment names (cloud scopes) and the
// gates' measured p99 latency (the Deny notice). Keys sit under each resource's own root, so
// invalidating `['environments']` or `['clusters']` elsewhere refreshes these too; the last key
// part keeps this feature's answer shape apart from other features' lists.
import { ClusterListSchema, type Environment, EnvironmentListSchema } from '@gated/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

/** `GET /environments`: the cloud accounts a rule can be scoped to. */
export const scopeEnvironmentsQueryOptions = () =>
  queryOptions({
    queryKey: ['environments', 'list', 'rule-scopes'] as const,
    queryFn: async ({ signal }): Promise<Environment[]> =>
      (await apiFetch('/environments', { schema: EnvironmentListSchema, signal })).items,
    staleTime: 60_000,
  });

/** `GET /clusters`: the slowest gate's reported p99 in ms, or null when no gate has reported. */
export const gateP99QueryOptions = () =>
  queryOptions({
    queryKey: ['clusters', 'list', 'gate-p99'] as const,
    queryFn: async ({ signal }): Promise<number | null> => {
      const { items } = await apiFetch('/clusters', { schema: ClusterListSchema, signal });
      const measured = items.map((c) => c.gateP99Ms).filter((ms): ms is number => ms !== null);
      return measured.length > 0 ? Math.max(...measured) : null;
    },
    meta: { silent: true },
    staleTime: 60_000,
  });

/** Environment id → name, for summaries and sentences. */
export function environmentNames(
  environments: readonly Environment[] | undefined,
): ReadonlyMap<string, string> {
  return new Map((environments ?? []).map((e) => [e.id, e.name]));
}
