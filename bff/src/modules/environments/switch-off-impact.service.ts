/**
 * What turning enforcement off for an environment (Defender Sensor or Security Gating) reaches:
 * its clusters' gates stop enforcing, and every enabled rule scoped to it stops applying there.
 * The portal quotes these counts in its confirmation before the switch-off.
 */
import { NotFoundError, type SwitchOffImpact } from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { listClusterRows } from '../../store/clusters.repo.js';
import { getEnvironmentRow } from '../../store/environments.repo.js';
import { listRules } from '../../store/rules.repo.js';

export async function switchOffImpact(deps: AppDeps, id: string): Promise<SwitchOffImpact> {
  if (!(await getEnvironmentRow(deps.db, id))) throw new NotFoundError(`No environment ${id}`);
  const [clusters, rules] = await Promise.all([listClusterRows(deps.db, id), listRules(deps.db)]);
  const here = rules.filter(
    (r) => r.enabled && (r.scope.cloudScopes.length === 0 || r.scope.cloudScopes.includes(id)),
  );
  return {
    environmentId: id,
    clusters: clusters.length,
    rules: here.length,
    denyRules: here.filter((r) => r.action === 'Deny').length,
  };
}
