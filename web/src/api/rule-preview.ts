// Impact preview: `POST /rules/preview` replays a draft over stored admissions. It changes nothing,
// so it is a query keyed (under the rules root) by the draft and the window: toggling 7/30 days
// back is instant.
import { type RuleInput, RulePreviewResultSchema } from '@gated/shared';
import { queryOptions } from '@tanstack/react-query';
import { api, parse, withSignal } from './client';
import { rulesKeys } from './rules';

export type PreviewDays = 7 | 30;

export const rulePreviewQueryOptions = (rule: RuleInput, days: PreviewDays, ruleId?: string) =>
  queryOptions({
    queryKey: rulesKeys.preview({ rule, days, ruleId }),
    queryFn: ({ signal }) =>
      parse(
        api.rules.preview.$post(
          { json: { rule, days, ...(ruleId ? { ruleId } : {}) } },
          withSignal(signal),
        ),
        RulePreviewResultSchema,
      ),
    meta: { silent: true },
    staleTime: 60_000,
  });
