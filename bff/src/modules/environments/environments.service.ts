/**
 * Environment use cases: create, PATCH toggles (hierarchy checked on the merged result), install
 * gating (201 once, 409 after), and the default Audit rule created exactly once per environment.
 */
import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  DEFAULT_EXTENSIONS,
  DEFAULT_UNGATED_REGISTRIES,
  InputError,
  NotFoundError,
  toggleHierarchyIssues,
  type CreateEnvironmentInput,
  type Environment,
  type PatchEnvironmentInput,
} from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { recordAudit } from '../../store/audit.repo.js';
import type { Db } from '../../store/db.js';
import { inTransaction } from '../../store/transaction.js';
import {
  getEnvironmentRow,
  insertEnvironmentRow,
  listEnvironmentRows,
  toEnvironment,
  updateEnvironmentRow,
  type EnvironmentRow,
} from '../../store/environments.repo.js';
import { bumpPolicyCounter } from '../../store/policy-state.repo.js';
import { findRuleByName } from '../../store/rules.repo.js';
import { createRuleTx } from '../rules/rules.service.js';
import { DEFAULT_RULE_NAME, defaultRuleFor } from './default-rule.js';

function gatingActive(row: EnvironmentRow): boolean {
  return row.extensions.defenderSensor.enabled && row.extensions.defenderSensor.securityGating;
}

/** Name for this environment's default rule: the plain name when free, else suffixed with the environment. */
async function defaultRuleName(tx: Db, row: EnvironmentRow): Promise<string> {
  for (const name of [
    DEFAULT_RULE_NAME,
    `${DEFAULT_RULE_NAME} (${row.name})`,
    `${DEFAULT_RULE_NAME} (${row.id})`,
  ]) {
    if (!(await findRuleByName(tx, name))) return name;
  }
  return `${DEFAULT_RULE_NAME} (${randomUUID()})`;
}

/** When gating is active for the first time: stamp the install and create the default rule, once. */
async function installIfActive(
  tx: Db,
  row: EnvironmentRow,
  actor: string,
  now: Date,
): Promise<void> {
  if (!gatingActive(row)) return;
  if (!row.gatingInstalledAt) row.gatingInstalledAt = now;
  if (!row.defaultRuleCreated) {
    row.defaultRuleCreated = true;
    await createRuleTx(tx, actor, defaultRuleFor(row.id, await defaultRuleName(tx, row)));
  }
}

export async function listEnvironments(deps: AppDeps): Promise<Environment[]> {
  return (await listEnvironmentRows(deps.db)).map(toEnvironment);
}

export async function readEnvironment(deps: AppDeps, id: string): Promise<Environment> {
  const row = await getEnvironmentRow(deps.db, id);
  if (!row) throw new NotFoundError(`No environment ${id}`);
  return toEnvironment(row);
}

function inTx<T>(deps: AppDeps, fn: (tx: Db) => Promise<T>): Promise<T> {
  return inTransaction(deps.db, fn, { afterCommit: () => deps.notifier.notify() });
}

export async function createEnvironmentTx(
  tx: Db,
  actor: string,
  input: CreateEnvironmentInput,
  id: string = randomUUID(),
): Promise<Environment> {
  const now = new Date();
  const row: EnvironmentRow = {
    id,
    cloud: input.cloud,
    accountId: input.accountId,
    name: input.name,
    extensions: input.extensions ?? structuredClone(DEFAULT_EXTENSIONS),
    ungatedRegistries: input.ungatedRegistries ?? [...DEFAULT_UNGATED_REGISTRIES],
    gatingInstalledAt: null,
    defaultRuleCreated: false,
    revision: 1,
    createdAt: now,
    updatedAt: now,
  };
  await insertEnvironmentRow(tx, row);
  await installIfActive(tx, row, actor, now);
  await updateEnvironmentRow(tx, row);
  const env = toEnvironment(row);
  await recordAudit(tx, {
    actor,
    action: 'environment.create',
    resourceType: 'environment',
    resourceId: id,
    after: env,
  });
  await bumpPolicyCounter(tx);
  return env;
}

export function createEnvironment(
  deps: AppDeps,
  actor: string,
  input: CreateEnvironmentInput,
): Promise<Environment> {
  return inTx(deps, (tx) => createEnvironmentTx(tx, actor, input));
}

export function patchEnvironment(
  deps: AppDeps,
  actor: string,
  id: string,
  patch: PatchEnvironmentInput,
): Promise<Environment> {
  return inTx(deps, async (tx) => {
    const row = await getEnvironmentRow(tx, id, true);
    if (!row) throw new NotFoundError(`No environment ${id}`);
    const before = toEnvironment(row);
    const ext = structuredClone(row.extensions);
    Object.assign(ext.defenderSensor, patch.extensions?.defenderSensor ?? {});
    Object.assign(ext.registryAccess, patch.extensions?.registryAccess ?? {});
    const issues = toggleHierarchyIssues(ext);
    if (issues.length > 0) {
      throw new InputError(
        issues.map((i) => i.message).join('; '),
        issues.map((i) => ({ path: ['extensions', ...i.path].join('.'), message: i.message })),
      );
    }
    const now = new Date();
    row.extensions = ext;
    if (patch.name !== undefined) row.name = patch.name;
    if (patch.ungatedRegistries !== undefined) row.ungatedRegistries = patch.ungatedRegistries;
    row.revision += 1;
    row.updatedAt = now;
    await installIfActive(tx, row, actor, now);
    await updateEnvironmentRow(tx, row);
    const env = toEnvironment(row);
    await recordAudit(tx, {
      actor,
      action: 'environment.update',
      resourceType: 'environment',
      resourceId: id,
      before,
      after: env,
    });
    await bumpPolicyCounter(tx);
    return env;
  });
}

/** The explicit install call: turns Defender Sensor + Security Gating on; 409 when already installed. */
export function installGating(deps: AppDeps, actor: string, id: string): Promise<Environment> {
  return inTx(deps, async (tx) => {
    const row = await getEnvironmentRow(tx, id, true);
    if (!row) throw new NotFoundError(`No environment ${id}`);
    if (row.gatingInstalledAt)
      throw new ConflictError(
        `Security gating was already installed on ${row.gatingInstalledAt.toISOString()}`,
      );
    const before = toEnvironment(row);
    const now = new Date();
    row.extensions = { ...row.extensions, defenderSensor: { enabled: true, securityGating: true } };
    row.revision += 1;
    row.updatedAt = now;
    await installIfActive(tx, row, actor, now);
    await updateEnvironmentRow(tx, row);
    const env = toEnvironment(row);
    await recordAudit(tx, {
      actor,
      action: 'environment.install-gating',
      resourceType: 'environment',
      resourceId: id,
      before,
      after: env,
    });
    await bumpPolicyCounter(tx);
    return env;
  });
}
