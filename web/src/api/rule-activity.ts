// Server state of the rule details page (docs/conventions.md#server-state): what a rule did
// (activity by decision per window) and how it changed (history as field diffs), keyed under the
// rule's own `rulesKeys.detail(id)` so rule writes refresh them too. The rule itself and the
// environment names come from the rules and environments factories.
import { type ActivityWindow, RuleActivitySchema, RuleHistorySchema } from '@gated/shared';
import { queryOptions } from '@tanstack/react-query';
import { api, parse, seg, withSignal } from './client';
import { rulesKeys } from './rules';

/** Admissions the rule decided or triggered in the `window` ending at `until` (ISO). */
export const ruleActivityQueryOptions = (ruleId: string, window: ActivityWindow, until: string) =>
  queryOptions({
    queryKey: [...rulesKeys.detail(ruleId), 'activity', window, until] as const,
    queryFn: ({ signal }) =>
      parse(
        api.rules[':id'].activity.$get(
          { param: { id: seg(ruleId) }, query: { window, until } },
          withSignal(signal),
        ),
        RuleActivitySchema,
      ),
  });

/** The rule's audit entries, newest first, with what each changed. */
export const ruleHistoryQueryOptions = (ruleId: string) =>
  queryOptions({
    queryKey: [...rulesKeys.detail(ruleId), 'history'] as const,
    queryFn: ({ signal }) =>
      parse(
        api.rules[':id'].history.$get(
          { param: { id: seg(ruleId) }, query: { limit: '50' } },
          withSignal(signal),
        ),
        RuleHistorySchema,
      ),
  });
