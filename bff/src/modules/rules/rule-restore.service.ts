/**
 * Undo for delete: a deleted rule is restorable from its `rule.delete` audit entry, which holds
 * the whole rule. No soft-deleted row is kept, so every query of live rules (policy, lists,
 * names) stays as it is. The rule comes back under its id with a new revision (an old ETag
 * stays stale); its name must still be free.
 */
import {
  ConflictError,
  InputError,
  NotFoundError,
  RuleInputSchema,
  type Rule,
} from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { recordAudit } from '../../store/audit.repo.js';
import { bumpPolicyCounter } from '../../store/policy-state.repo.js';
import { lastDeletedVersion, reinsertRule } from '../../store/rule-restore.repo.js';
import { findRuleByName, getRule, ruleInputOf } from '../../store/rules.repo.js';
import { inTransaction } from '../../store/transaction.js';
import { enqueueRuleChanged } from '../notifications/notification-enqueue.js';

export function restoreRule(deps: AppDeps, actor: string, id: string): Promise<Rule> {
  return inTransaction(
    deps.db,
    async (tx) => {
      if (await getRule(tx, id)) throw new ConflictError(`Rule ${id} is not deleted`);
      const was = await lastDeletedVersion(tx, id);
      if (!was) throw new NotFoundError(`No deleted rule ${id} to restore`);
      // Parsed again: a rule deleted under an older schema must still fit today's.
      const body = RuleInputSchema.safeParse(ruleInputOf(was));
      if (!body.success)
        throw InputError.fromZod(body.error, 'The deleted rule no longer fits the rule schema');
      if (await findRuleByName(tx, body.data.name))
        throw new ConflictError(
          `Another rule is now named "${body.data.name}"; rename it before restoring this one`,
          [{ path: 'name', message: 'This name is already used by another rule' }],
        );
      const rule = await reinsertRule(tx, was, body.data, was.revision + 1, actor, new Date());
      await recordAudit(tx, {
        actor,
        action: 'rule.restore',
        resourceType: 'rule',
        resourceId: id,
        after: rule,
      });
      await enqueueRuleChanged(tx, actor, 'rule.restore', rule);
      await bumpPolicyCounter(tx);
      return rule;
    },
    {
      onUniqueViolation: () =>
        new ConflictError('A rule with this name or id exists again; reload the rules'),
      afterCommit: () => deps.notifier.notify(),
    },
  );
}
