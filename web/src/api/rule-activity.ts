// Server state of the rule details page (docs/conventions.md#server-state): the rule itself, what
// it did (activity by decision per window) and how it changed (history as field diffs).
import {
  type ActivityWindow,
  EnvironmentListSchema,
  RuleActivitySchema,
  RuleHistorySchema,
  RuleSchema,
} from '@gated/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch, toSearch } from '../lib/api-client';

const key = ['rule-details'] as const;
const rulePath = (id: string) => `/rules/${encodeURIComponent(id)}`;

/** `GET /rules/{id}`, read-only (the wizard keeps its own ETagged query). */
export const ruleDetailsQueryOptions = (ruleId: string) =>
  queryOptions({
    queryKey: [...key, ruleId, 'rule'] as const,
    queryFn: ({ signal }) => apiFetch(rulePath(ruleId), { schema: RuleSchema, signal }),
  });

/** Admissions the rule decided or triggered in the `window` ending at `until` (ISO). */
export const ruleActivityQueryOptions = (ruleId: string, window: ActivityWindow, until: string) =>
  queryOptions({
    queryKey: [...key, ruleId, 'activity', window, until] as const,
    queryFn: ({ signal }) =>
      apiFetch(`${rulePath(ruleId)}/activity${toSearch({ window, until })}`, {
        schema: RuleActivitySchema,
        signal,
      }),
  });

/** The rule's audit entries, newest first, with what each changed. */
export const ruleHistoryQueryOptions = (ruleId: string) =>
  queryOptions({
    queryKey: [...key, ruleId, 'history'] as const,
    queryFn: ({ signal }) =>
      apiFetch(`${rulePath(ruleId)}/history${toSearch({ limit: 50 })}`, {
        schema: RuleHistorySchema,
        signal,
      }),
  });

/** Environment id → name, so a rule's cloud scopes read as names. */
export const environmentNamesQueryOptions = () =>
  queryOptions({
    queryKey: [...key, 'environment-names'] as const,
    queryFn: async ({ signal }) => {
      const list = await apiFetch('/environments', { schema: EnvironmentListSchema, signal });
      return new Map(list.items.map((e) => [e.id, e.name]));
    },
    staleTime: 60_000,
  });
