/**
 * Builds a cluster's GatePolicy from its environment's toggles, the cluster's IaC block and the
 * rules in scope. The revision is a hash of the content, so it changes exactly when the policy does.
 */
import { createHash } from 'node:crypto';
import { NotFoundError, type GatePolicy } from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { getClusterRow } from '../../store/clusters.repo.js';
import { getEnvironmentRow, toEnvironment } from '../../store/environments.repo.js';
import { listRules } from '../../store/rules.repo.js';
import { listSigners } from '../../store/signers.repo.js';
import { gateCataloguesFor } from '../catalogues/gate-catalogues.js';
import { enforcementOf, gatePolicyContentOf, rulesReaching } from './gate-policy-of.js';

export async function buildGatePolicy(deps: AppDeps, clusterId: string): Promise<GatePolicy> {
  const cluster = await getClusterRow(deps.db, clusterId);
  if (!cluster) throw new NotFoundError('This gate token belongs to a deleted cluster');
  const row = await getEnvironmentRow(deps.db, cluster.environmentId);
  if (!row) throw new NotFoundError('The cluster has no environment');
  const env = toEnvironment(row);
  const rules = rulesReaching(await listRules(deps.db), env.id);
  const catalogues = await gateCataloguesFor(deps, rules);
  const content = gatePolicyContentOf({
    cluster: { id: cluster.id, name: cluster.name },
    environment: env,
    enforcement: enforcementOf(env),
    rules,
    securityGating: cluster.securityGating,
    trustedSigners: (await listSigners(deps.db, env.id)).map((s) => ({
      name: s.name,
      publicKey: s.publicKey,
    })),
    portalUrl: deps.config.publicUrl,
    catalogues,
  });
  // The catalogues (megabytes) enter the hash by their stamps: version, date, size, EPSS cut.
  const hashed = {
    ...content,
    catalogues: catalogues && {
      kev: catalogues.kev && [
        catalogues.kev.version,
        catalogues.kev.publishedAt,
        catalogues.kev.cves.length,
      ],
      epss: catalogues.epss && [
        catalogues.epss.version,
        catalogues.epss.publishedAt,
        catalogues.epss.minScore,
        Object.keys(catalogues.epss.scores).length,
      ],
    },
  };
  const revision = createHash('sha256')
    .update(JSON.stringify(hashed))
    .digest('base64url')
    .slice(0, 20);
  return { revision, generatedAt: new Date().toISOString(), ...content };
}
