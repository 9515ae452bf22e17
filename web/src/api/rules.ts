// Server state of rules (docs/conventions.md#server-state): keys defined once under `rulesKeys`,
// query-option factories on the typed client, and the rule writes, which invalidate through the
// keys. Create and update are `silent`: the wizard shows field errors and the 412 dialog itself.
import {
  IMPACT_ACK_HEADER,
  type Rule,
  type RuleInput,
  RuleListSchema,
  RuleSchema,
} from '@gated/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, noContent, parse, parseEtagged, seg, withSignal } from './client';

/** Every rules key starts with `rulesKeys.all`, so invalidating it refreshes all rule data. */
export const rulesKeys = {
  all: ['rules'] as const,
  lists: () => [...rulesKeys.all, 'list'] as const,
  details: () => [...rulesKeys.all, 'detail'] as const,
  detail: (id: string) => [...rulesKeys.details(), id] as const,
  preview: (params: object) => [...rulesKeys.all, 'preview', params] as const,
};

/** `GET /rules`: every rule (the grid, and the monitoring page's rule filter). */
export const rulesQueryOptions = () =>
  queryOptions({
    queryKey: rulesKeys.lists(),
    queryFn: async ({ signal }) =>
      (await parse(api.rules.$get({}, withSignal(signal)), RuleListSchema)).items,
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
    queryKey: rulesKeys.detail(id),
    queryFn: async ({ signal }): Promise<EtaggedRule> => {
      const { data, etag } = await parseEtagged(
        api.rules[':id'].$get({ param: { id: seg(id) } }, withSignal(signal)),
        RuleSchema,
      );
      return { rule: data, etag: etag ?? etagOf(data) };
    },
    // The editor must start from the newest revision, not a cached one.
    staleTime: 0,
  });

export function useRules() {
  return useQuery(rulesQueryOptions());
}

/** The YAML export link (`GET /rules/export`), for a download anchor. */
export const rulesExportHref = () => api.rules.export.$path({ query: { format: 'yaml' } });

function useRememberSaved() {
  const client = useQueryClient();
  return (rule: Rule) => {
    client.setQueryData<EtaggedRule>(rulesKeys.detail(rule.id), { rule, etag: etagOf(rule) });
    return client.invalidateQueries({ queryKey: rulesKeys.lists() });
  };
}

/** The impact preview's token, when the save makes the rule deny more (428 without it). */
const ackHeader = (acknowledgement: string | undefined) =>
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
      parse(api.rules.$post({ header: ackHeader(acknowledgement), json: input }), RuleSchema),
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
      parse(
        api.rules[':id'].$put({
          param: { id: seg(id) },
          header: { 'if-match': etag, ...ackHeader(acknowledgement) },
          json: input,
        }),
        RuleSchema,
      ),
    meta: { silent: true, successMessage: 'Rule saved' },
    onSuccess: remember,
  });
}

/** `DELETE /rules/{id}`. */
export function useDeleteRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => noContent(api.rules[':id'].$delete({ param: { id: seg(id) } })),
    // The rules page toasts the deletion itself, with an Undo action.
    onSuccess: (_data, id) => {
      client.removeQueries({ queryKey: rulesKeys.detail(id) });
      return client.invalidateQueries({ queryKey: rulesKeys.lists() });
    },
  });
}

/** `POST /rules/{id}/enable|disable`, optimistic in the grid and rolled back when refused. */
export function useToggleRule() {
  const client = useQueryClient();
  const listKey = rulesQueryOptions().queryKey;
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => {
      const rule = api.rules[':id'];
      const param = { param: { id: seg(id) } };
      return parse(enabled ? rule.enable.$post(param) : rule.disable.$post(param), RuleSchema);
    },
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
      client.setQueryData<EtaggedRule>(rulesKeys.detail(rule.id), { rule, etag: etagOf(rule) }),
    onSettled: () => client.invalidateQueries({ queryKey: listKey }),
  });
}

/** `POST /rules/{id}/restore`: Undo of a delete (the BFF restores it from the audit log). */
export function useRestoreRule() {
  const remember = useRememberSaved();
  return useMutation({
    mutationFn: (id: string) =>
      parse(api.rules[':id'].restore.$post({ param: { id: seg(id) } }), RuleSchema),
    meta: { successMessage: 'Rule restored' },
    onSuccess: remember,
  });
}
