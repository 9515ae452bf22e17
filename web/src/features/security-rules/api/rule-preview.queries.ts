// Impact preview: `POST /rules/preview` replays a draft over stored admissions. It changes nothing,
// so it is a query keyed by the draft and the window: toggling 7/30 days back is instant.
import { type RuleInput, RulePreviewResultSchema } from '@gated/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export type PreviewDays = 7 | 30;

export const rulePreviewQueryOptions = (rule: RuleInput, days: PreviewDays, ruleId?: string) =>
  queryOptions({
    queryKey: ['rules', 'preview', { rule, days, ruleId }] as const,
    queryFn: ({ signal }) =>
      apiFetch('/rules/preview', {
        method: 'POST',
        body: { rule, days, ...(ruleId ? { ruleId } : {}) },
        schema: RulePreviewResultSchema,
        signal,
      }),
    meta: { silent: true },
    staleTime: 60_000,
  });
