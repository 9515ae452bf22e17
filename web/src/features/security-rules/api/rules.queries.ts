// Server state of rules (docs/conventions.md#server-state): query-option factories with
// hierarchical keys; mutations invalidate through these keys, never retyped arrays.
import { type Rule, RuleListSchema, RuleSchema } from '@gated/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch, getEtagged } from '../../../lib/api-client';

const rulesKey = ['rules'] as const;

/** `GET /rules`: every rule. */
export const rulesQueryOptions = () =>
  queryOptions({
    queryKey: [...rulesKey, 'list'] as const,
    queryFn: async ({ signal }) =>
      (await apiFetch('/rules', { schema: RuleListSchema, signal })).items,
  });

/** The `If-Match` value of a rule revision (the API's ETag is the quoted revision). */
export const etagOf = (rule: Pick<Rule, 'revision'>) => `"${rule.revision}"`;

export interface EtaggedRule {
  rule: Rule;
  /** Sent back as `If-Match` when saving. */
  etag: string;
}

/** `GET /rules/{id}` with its ETag, for the edit wizard. */
export const ruleQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...rulesKey, 'detail', id] as const,
    queryFn: async ({ signal }): Promise<EtaggedRule> => {
      const { data, etag } = await getEtagged(
        `/rules/${encodeURIComponent(id)}`,
        RuleSchema,
        signal,
      );
      return { rule: data, etag: etag ?? etagOf(data) };
    },
    // The editor must start from the newest revision, not a cached one.
    staleTime: 0,
  });

export function useRules() {
  return useQuery(rulesQueryOptions());
}
