// Bulk rule actions (docs/decisions/132): one request, one transaction on the server.
import { type RuleBulkRequest, type RuleBulkResult, RuleBulkResultSchema } from '@gated/shared';
import { api, parse } from './client';

/** `POST /rules/bulk`: enable, disable or delete every listed rule, or none of them. */
export function bulkRuleAction(request: RuleBulkRequest): Promise<RuleBulkResult> {
  return parse(api.rules.bulk.$post({ json: request }), RuleBulkResultSchema);
}
