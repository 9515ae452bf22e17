// Rule writes. Each invalidates through the query-option factories. Create and update are
// `silent`: the wizard shows field errors and the 412 dialog itself instead of a toast.
import { type Rule, type RuleInput, RuleSchema } from '@gated/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { etagOf, type EtaggedRule, ruleQueryOptions, rulesQueryOptions } from './rules.queries';

const rulePath = (id: string) => `/rules/${encodeURIComponent(id)}`;

function useRememberSaved() {
  const client = useQueryClient();
  return (rule: Rule) => {
    client.setQueryData<EtaggedRule>(ruleQueryOptions(rule.id).queryKey, {
      rule,
      etag: etagOf(rule),
    });
    return client.invalidateQueries({ queryKey: rulesQueryOptions().queryKey });
  };
}

/** `POST /rules`. */
export function useCreateRule() {
  const remember = useRememberSaved();
  return useMutation({
    mutationFn: (input: RuleInput) =>
      apiFetch('/rules', { method: 'POST', body: input, schema: RuleSchema }),
    meta: { silent: true, successMessage: 'Rule added' },
    onSuccess: remember,
  });
}

export interface UpdateRuleVariables {
  id: string;
  input: RuleInput;
  /** The revision the edit started from; a newer one on the server answers 412. */
  etag: string;
}

/** `PUT /rules/{id}` with `If-Match`. */
export function useUpdateRule() {
  const remember = useRememberSaved();
  return useMutation({
    mutationFn: ({ id, input, etag }: UpdateRuleVariables) =>
      apiFetch(rulePath(id), {
        method: 'PUT',
        body: input,
        headers: { 'If-Match': etag },
        schema: RuleSchema,
      }),
    meta: { silent: true, successMessage: 'Rule saved' },
    onSuccess: remember,
  });
}

/** `DELETE /rules/{id}`. */
export function useDeleteRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<undefined>(rulePath(id), { method: 'DELETE' }),
    meta: { successMessage: 'Rule deleted' },
    onSuccess: (_data, id) => {
      client.removeQueries({ queryKey: ruleQueryOptions(id).queryKey });
      return client.invalidateQueries({ queryKey: rulesQueryOptions().queryKey });
    },
  });
}

/** `POST /rules/{id}/enable|disable`, optimistic in the grid and rolled back when refused. */
export function useToggleRule() {
  const client = useQueryClient();
  const listKey = rulesQueryOptions().queryKey;
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      apiFetch(`${rulePath(id)}/${enabled ? 'enable' : 'disable'}`, {
        method: 'POST',
        schema: RuleSchema,
      }),
    onMutate: async ({ id, enabled }) => {
      await client.cancelQueries({ queryKey: listKey });
      const previous = client.getQueryData(listKey);
      client.setQueryData(listKey, (rules) =>
        rules?.map((r) => (r.id === id ? { ...r, enabled } : r)),
      );
      return { previous };
    },
    onError: (_error, _vars, context) => {
      if (context?.previous) client.setQueryData(listKey, context.previous);
    },
    onSuccess: (rule) =>
      client.setQueryData<EtaggedRule>(ruleQueryOptions(rule.id).queryKey, {
        rule,
        etag: etagOf(rule),
      }),
    onSettled: () => client.invalidateQueries({ queryKey: listKey }),
  });
}
