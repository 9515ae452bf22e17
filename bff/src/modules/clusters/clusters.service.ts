/** Cluster use cases: register (gate token shown once, stored hashed), delete, the IaC securityGating block. */
import { randomUUID } from 'node:crypto';
import {
  InputError,
  NotFoundError,
  type Cluster,
  type RegisterClusterInput,
  type RegisteredCluster,
  type SecurityGatingBlock,
} from '@gated/shared';
import { hashSecret, newSecret } from '../../auth/secrets.js';
import type { AppDeps } from '../../lib/app-env.js';
import { recordAudit } from '../../store/audit.repo.js';
import {
  deleteClusterRow,
  getClusterRow,
  insertClusterRow,
  listClusterRows,
  toCluster,
  updateClusterRow,
} from '../../store/clusters.repo.js';
import type { Db } from '../../store/db.js';
import { inTransaction } from '../../store/transaction.js';
import { getEnvironmentRow } from '../../store/environments.repo.js';
import { bumpPolicyCounter } from '../../store/policy-state.repo.js';

export async function listClusters(deps: AppDeps, environmentId?: string): Promise<Cluster[]> {
  return (await listClusterRows(deps.db, environmentId)).map(toCluster);
}

export async function readCluster(deps: AppDeps, id: string): Promise<Cluster> {
  const row = await getClusterRow(deps.db, id);
  if (!row) throw new NotFoundError(`No cluster ${id}`);
  return toCluster(row);
}

/** Registers a cluster in an open transaction; `gateToken` lets the demo seed keep a known token. */
export async function registerClusterTx(
  tx: Db,
  actor: string,
  input: RegisterClusterInput,
  gateToken: string = newSecret('gate'),
): Promise<RegisteredCluster> {
  if (!(await getEnvironmentRow(tx, input.environmentId))) {
    throw new InputError('Unknown environment', [
      { path: 'environmentId', message: 'Choose an existing environment' },
    ]);
  }
  const row = {
    id: randomUUID(),
    environmentId: input.environmentId,
    name: input.name,
    provider: input.provider,
    securityGating: { enabled: false, identities: [], allowSecretAccess: false },
    tokenHash: hashSecret(gateToken),
    lastSeenAt: null,
    gateVersion: null,
    policyRevision: null,
    gateP99Ms: null,
    createdAt: new Date(),
  };
  await insertClusterRow(tx, row);
  const cluster = toCluster(row);
  await recordAudit(tx, {
    actor,
    action: 'cluster.register',
    resourceType: 'cluster',
    resourceId: cluster.id,
    after: cluster,
  });
  await bumpPolicyCounter(tx);
  return { cluster, gateToken };
}

export async function registerCluster(
  deps: AppDeps,
  actor: string,
  input: RegisterClusterInput,
): Promise<RegisteredCluster> {
  return inTransaction(deps.db, (tx) => registerClusterTx(tx, actor, input), {
    afterCommit: () => deps.notifier.notify(),
  });
}

export async function removeCluster(deps: AppDeps, actor: string, id: string): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    const row = await getClusterRow(tx, id);
    if (!row) throw new NotFoundError(`No cluster ${id}`);
    await deleteClusterRow(tx, id);
    await recordAudit(tx, {
      actor,
      action: 'cluster.delete',
      resourceType: 'cluster',
      resourceId: id,
      before: toCluster(row),
    });
    await bumpPolicyCounter(tx);
  });
  deps.notifier.notify();
}

/** Idempotent PUT of the IaC block: the same body twice leaves one audit entry and the same policy. */
export async function putSecurityGating(
  deps: AppDeps,
  actor: string,
  id: string,
  block: SecurityGatingBlock,
): Promise<Cluster> {
  const result = await inTransaction(deps.db, async (tx) => {
    const row = await getClusterRow(tx, id);
    if (!row) throw new NotFoundError(`No cluster ${id}`);
    if (JSON.stringify(row.securityGating) === JSON.stringify(block)) return toCluster(row);
    const before = toCluster(row);
    await updateClusterRow(tx, id, { securityGating: block });
    const after = toCluster({ ...row, securityGating: block });
    await recordAudit(tx, {
      actor,
      action: 'cluster.security-gating',
      resourceType: 'cluster',
      resourceId: id,
      before,
      after,
    });
    await bumpPolicyCounter(tx);
    return after;
  });
  deps.notifier.notify();
  return result;
}
