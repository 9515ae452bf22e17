/**
 * Demo mode (GATED_DEMO=1): idempotently seeds three environments, the `demo-aks` cluster, demo
 * findings and a Deny rule; the cluster's plaintext gate token is kept in
 * `<dataDir>/demo-gate-token` and reused on restart, so a local gate can be started with it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseTrivyReport } from '@gated/shared';
import { hashSecret, isSecretOf, newSecret } from '../../auth/secrets.js';
import type { AppDeps } from '../../lib/app-env.js';
import { listClusterRows, updateClusterRow } from '../../store/clusters.repo.js';
import { inTransaction } from '../../store/transaction.js';
import { getEnvironmentRow } from '../../store/environments.repo.js';
import { reportsByDigest } from '../../store/findings.repo.js';
import { bumpPolicyCounter } from '../../store/policy-state.repo.js';
import { findRuleByName } from '../../store/rules.repo.js';
import { registerClusterTx } from '../clusters/clusters.service.js';
import { createEnvironmentTx } from '../environments/environments.service.js';
import { storeReportsTx } from '../findings/findings.service.js';
import { createRuleTx } from '../rules/rules.service.js';
import {
  DEMO_CLUSTER_NAME,
  DEMO_DENY_RULE,
  DEMO_ENVIRONMENTS,
  demoTrivyReports,
} from './demo-data.js';

export interface DemoSeed {
  environmentIds: string[];
  clusterId: string;
  clusterName: string;
  gateToken: string;
  tokenFile: string;
}

const ACTOR = 'demo-seed';

function readOrCreateToken(file: string): string {
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (isSecretOf('gate', token)) return token;
  }
  const token = newSecret('gate');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export async function seedDemo(deps: AppDeps, dataDir: string): Promise<DemoSeed> {
  const tokenFile = path.resolve(dataDir, 'demo-gate-token');
  const gateToken = readOrCreateToken(tokenFile);
  const clusterId = await inTransaction(deps.db, async (tx) => {
    for (const env of DEMO_ENVIRONMENTS) {
      if (!(await getEnvironmentRow(tx, env.id)))
        await createEnvironmentTx(tx, ACTOR, env.input, env.id);
    }
    const azureId = DEMO_ENVIRONMENTS[0]?.id ?? '';
    const existing = (await listClusterRows(tx, azureId)).find((c) => c.name === DEMO_CLUSTER_NAME);
    let id: string;
    if (existing) {
      id = existing.id;
      if (existing.tokenHash !== hashSecret(gateToken))
        await updateClusterRow(tx, id, { tokenHash: hashSecret(gateToken) });
    } else {
      id = (
        await registerClusterTx(
          tx,
          ACTOR,
          { environmentId: azureId, name: DEMO_CLUSTER_NAME, provider: 'AKS' },
          gateToken,
        )
      ).cluster.id;
    }
    if (!(await findRuleByName(tx, DEMO_DENY_RULE.name)))
      await createRuleTx(tx, ACTOR, DEMO_DENY_RULE);
    const reports = demoTrivyReports(new Date()).flatMap((r) => parseTrivyReport(r));
    const stored = await reportsByDigest(
      tx,
      reports.map((r) => r.digest),
    );
    const missing = reports.filter((r) => !stored.has(r.digest));
    if (missing.length) await storeReportsTx(tx, ACTOR, missing);
    await bumpPolicyCounter(tx);
    return id;
  });
  deps.notifier.notify();
  return {
    environmentIds: DEMO_ENVIRONMENTS.map((e) => e.id),
    clusterId,
    clusterName: DEMO_CLUSTER_NAME,
    gateToken,
    tokenFile,
  };
}
