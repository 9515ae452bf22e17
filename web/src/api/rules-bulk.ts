// Bulk rule actions (docs/decisions/132): one request, one transaction on the server.
import { type RuleBulkRequest, type RuleBulkResult, RuleBulkResultSchema } from '@gated/shared';
import { apiFetch } from '../lib/api-client';

/** `POST /rules/bulk`: enable, disable or delete every listed rule, or none of them. */
export function bulkRuleAction(request: RuleBulkRequest): Promise<RuleBulkResult> {
  return apiFetch('/rules/bulk', { method: 'POST', body: request, schema: RuleBulkResultSchema });
}
