/** Rule use cases: CRUD with optimistic concurrency, unique names, enable/disable, policy-as-code import. */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  ConflictError,
  InputError,
  NotFoundError,
  PreconditionFailedError,
  parseRuleExport,
  ruleExportProblem,
  type Rule,
  type RuleImportResult,
  type RuleInput,
  ruleNameKey,
} from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { recordAudit } from '../../store/audit.repo.js';
import type { Db } from '../../store/db.js';
import { bumpPolicyCounter } from '../../store/policy-state.repo.js';
import { enqueueRuleChanged } from '../notifications/notification-enqueue.js';
import {
  deleteRule as deleteRuleRow,
  findRuleByName,
  getRule,
  insertRule,
  listRules,
  ruleInputOf,
  updateRule as updateRuleRow,
} from '../../store/rules.repo.js';
import { inTransaction } from '../../store/transaction.js';
import { ruleChanges } from './rule-diff.js';
import { assertNoNewPastExpiry } from './exemption-expiry.js';
import { assertImpactAcknowledged } from './impact-acknowledgement.js';

function nameTaken(name: string): ConflictError {
  return new ConflictError(
    `A rule named "${name}" already exists (names are compared ignoring case, invisible characters and look-alike letters)`,
    [{ path: 'name', message: 'This name is already used by another rule' }],
  );
}

/** A rule transaction: name clashes answer 409, gates hear of the change after commit. */
export function inTx<T>(deps: AppDeps, fn: (tx: Db) => Promise<T>): Promise<T> {
  return inTransaction(deps.db, fn, {
    onUniqueViolation: () =>
      new ConflictError('A rule with this name already exists', [
        { path: 'name', message: 'This name is already used by another rule' },
      ]),
    afterCommit: () => deps.notifier.notify(),
  });
}

/** Creates a rule inside an open transaction (also used for the default rule and imports). */
export async function createRuleTx(tx: Db, actor: string, input: RuleInput): Promise<Rule> {
  if (await findRuleByName(tx, input.name)) throw nameTaken(input.name);
  const rule = await insertRule(tx, randomUUID(), input, actor, new Date());
  await recordAudit(tx, {
    actor,
    action: 'rule.create',
    resourceType: 'rule',
    resourceId: rule.id,
    after: rule,
  });
  await enqueueRuleChanged(tx, actor, 'rule.create', rule);
  await bumpPolicyCounter(tx);
  return rule;
}

/** `acknowledgement`: the Impact-Acknowledged header (required for a new Deny rule). */
export function createRule(
  deps: AppDeps,
  actor: string,
  input: RuleInput,
  acknowledgement?: string,
): Promise<Rule> {
  assertNoNewPastExpiry(undefined, input.exemptions, Date.now());
  assertImpactAcknowledged(undefined, input, acknowledgement);
  return inTx(deps, (tx) => createRuleTx(tx, actor, input));
}

/** Every rule, for the rules list. */
export function listAllRules(deps: AppDeps): Promise<Rule[]> {
  return listRules(deps.db);
}

export async function readRule(deps: AppDeps, id: string): Promise<Rule> {
  const rule = await getRule(deps.db, id);
  if (!rule) throw new NotFoundError(`No rule ${id}`);
  return rule;
}

/** Parses `If-Match: "<revision>"` (weak or strong); 428 when missing. */
export function parseIfMatch(header: string | undefined): number {
  if (!header)
    throw new AppError(
      'PRECONDITION_REQUIRED',
      'Send If-Match with the revision you edited (the ETag of GET /rules/{id})',
    );
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m?.[1])
    throw new InputError('If-Match must be the rule revision from its ETag, e.g. "3"', [
      { path: 'header.if-match', message: 'Expected "<revision>"' },
    ]);
  return Number(m[1]);
}

/** Changes one rule inside an open transaction, audited as `action` (also used by bulk actions). */
export async function changeTx(
  tx: Db,
  actor: string,
  id: string,
  expectedRevision: number | null,
  action: string,
  next: (current: RuleInput) => RuleInput,
  guard?: (before: RuleInput, after: RuleInput) => void,
): Promise<Rule> {
  const current = await getRule(tx, id, true);
  if (!current) throw new NotFoundError(`No rule ${id}`);
  if (expectedRevision !== null && current.revision !== expectedRevision) {
    throw new PreconditionFailedError(
      `The rule is at revision ${current.revision}, you edited revision ${expectedRevision}; reload and try again`,
    );
  }
  const body = next(ruleInputOf(current));
  guard?.(ruleInputOf(current), body);
  if (ruleNameKey(body.name) !== ruleNameKey(current.name)) {
    const other = await findRuleByName(tx, body.name);
    if (other && other.id !== id) throw nameTaken(body.name);
  }
  const rule = await updateRuleRow(tx, id, body, current.revision + 1, actor, new Date());
  await recordAudit(tx, {
    actor,
    action,
    resourceType: 'rule',
    resourceId: id,
    before: current,
    after: rule,
  });
  await enqueueRuleChanged(tx, actor, action, rule);
  await bumpPolicyCounter(tx);
  return rule;
}

export function replaceRule(
  deps: AppDeps,
  actor: string,
  id: string,
  revision: number,
  input: RuleInput,
  acknowledgement?: string,
): Promise<Rule> {
  return inTx(deps, (tx) =>
    changeTx(
      tx,
      actor,
      id,
      revision,
      'rule.update',
      () => input,
      (before, after) => {
        assertNoNewPastExpiry(before.exemptions, after.exemptions, Date.now());
        assertImpactAcknowledged(before, after, acknowledgement);
      },
    ),
  );
}

export function setRuleEnabled(
  deps: AppDeps,
  actor: string,
  id: string,
  enabled: boolean,
): Promise<Rule> {
  return inTx(deps, (tx) =>
    changeTx(tx, actor, id, null, enabled ? 'rule.enable' : 'rule.disable', (r) => ({
      ...r,
      enabled,
    })),
  );
}

/** Deletes a rule (read under lock by the caller) inside an open transaction, audited. */
export async function removeTx(tx: Db, actor: string, current: Rule): Promise<void> {
  await deleteRuleRow(tx, current.id);
  await recordAudit(tx, {
    actor,
    action: 'rule.delete',
    resourceType: 'rule',
    resourceId: current.id,
    before: current,
  });
  await enqueueRuleChanged(tx, actor, 'rule.delete', current);
  await bumpPolicyCounter(tx);
}

export function removeRule(deps: AppDeps, actor: string, id: string): Promise<void> {
  return inTx(deps, async (tx) => {
    const current = await getRule(tx, id, true);
    if (!current) throw new NotFoundError(`No rule ${id}`);
    await removeTx(tx, actor, current);
  });
}

/**
 * Imports a SecurityRuleList: validates every rule first, then creates or (by case-insensitive
 * name) updates them all in one transaction. Nothing is applied when anything is invalid.
 */
export async function importRules(
  deps: AppDeps,
  actor: string,
  text: string,
): Promise<RuleImportResult> {
  const parsed = parseRuleExport(text);
  if (!parsed.ok) {
    const problem = ruleExportProblem(parsed);
    throw new InputError(problem.detail, problem.errors);
  }
  return inTx(deps, async (tx) => {
    let created = 0;
    let updated = 0;
    for (const input of parsed.value.rules) {
      const existing = await findRuleByName(tx, input.name);
      // An identical rule is left alone (no revision, no audit entry), as the preview says.
      if (existing && ruleChanges(ruleInputOf(existing), input).length === 0) continue;
      if (existing) {
        await changeTx(tx, actor, existing.id, null, 'rule.import.update', () => input);
        updated++;
      } else {
        await createRuleTx(tx, actor, input);
        created++;
      }
    }
    return { applied: true, created, updated, errors: [] };
  });
}
