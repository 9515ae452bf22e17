// Rule writes. Each invalidates through the query-option factories. Create and update are
// `silent`: the wizard shows field errors and the 412 dialog itself instead of a toast.
import { IMPACT_ACK_HEADER, type Rule, type RuleInput, RuleSchema } from '@gated/shared';
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

/** The impact preview's token, when the save makes the rule deny more (428 without it). */
const ackHeader = (acknowledgement: string | undefined): Record<string, string> =>
  acknowledgement ? { [IMPACT_ACK_HEADER]: acknowledgement } : {};

export interface CreateRuleVariables {
  input: RuleInput;
  acknowledgement?: string;
}

/** `POST /rules`. */
export function useCreateRule() {
  const remember = useRememberSaved();
  return useMutation({
    mutationFn: ({ input, acknowledgement }: CreateRuleVariables) =>
      apiFetch('/rules', {
        method: 'POST',
        body: input,
        headers: ackHeader(acknowledgement),
        schema: RuleSchema,
      }),
    meta: { silent: true, successMessage: 'Rule added' },
    onSuccess: remember,
  });
}

export interface UpdateRuleVariables {
  id: string;
  input: RuleInput;
  /** The revision the edit started from; a newer one on the server answers 412. */
  etag: string;
  acknowledgement?: string;
}

/** `PUT /rules/{id}` with `If-Match`. */
export function useUpdateRule() {
  const remember = useRememberSaved();
  return useMutation({
    mutationFn: ({ id, input, etag, acknowledgement }: UpdateRuleVariables) =>
      apiFetch(rulePath(id), {
        method: 'PUT',
        body: input,
        headers: { 'If-Match': etag, ...ackHeader(acknowledgement) },
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
    // The rules page toasts the deletion itself, with an Undo action.
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

/** `POST /rules/{id}/restore`: Undo of a delete (the BFF restores it from the audit log). */
export function useRestoreRule() {
  const remember = useRememberSaved();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch(`${rulePath(id)}/restore`, { method: 'POST', schema: RuleSchema }),
    meta: { successMessage: 'Rule restored' },
    onSuccess: remember,
  });
}
