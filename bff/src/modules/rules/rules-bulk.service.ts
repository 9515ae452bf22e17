/**
 * One action on several rules in one transaction: every id is read under lock first, and when any
 * is missing nothing changes (404 with one field error per missing id, `ids.3`). Each rule that
 * changes gets its own audit entry, revision and notification, as if changed alone.
 */
import { NotFoundError, type Rule, type RuleBulkRequest, type RuleBulkResult } from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { getRule } from '../../store/rules.repo.js';
import { changeTx, inTx, removeTx } from './rules.service.js';

export function bulkRules(
  deps: AppDeps,
  actor: string,
  request: RuleBulkRequest,
): Promise<RuleBulkResult> {
  return inTx(deps, async (tx) => {
    const found: Rule[] = [];
    const missing: { path: string; message: string }[] = [];
    for (const [i, id] of request.ids.entries()) {
      const rule = await getRule(tx, id, true);
      if (rule) found.push(rule);
      else missing.push({ path: `ids.${i}`, message: `No rule ${id}; it may have been deleted` });
    }
    if (missing.length > 0)
      throw new NotFoundError(
        `${missing.length} of the ${request.ids.length} selected rules do not exist; nothing was changed`,
        missing,
      );
    const items: RuleBulkResult['items'] = [];
    for (const rule of found) {
      if (request.action === 'delete') {
        await removeTx(tx, actor, rule);
        items.push({ id: rule.id, name: rule.name, outcome: 'deleted' });
        continue;
      }
      const enabled = request.action === 'enable';
      if (rule.enabled === enabled) {
        items.push({ id: rule.id, name: rule.name, outcome: 'unchanged' });
        continue;
      }
      await changeTx(tx, actor, rule.id, null, `rule.${request.action}`, (r) => ({
        ...r,
        enabled,
      }));
      items.push({ id: rule.id, name: rule.name, outcome: 'updated' });
    }
    return { action: request.action, items };
  });
}
