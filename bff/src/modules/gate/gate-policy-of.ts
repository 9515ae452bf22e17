/**
 * The one way a GatePolicy is put together from stored state: the cluster's gate gets it from
 * `buildGatePolicy`, the impact preview replays a draft rule through it. What differs between the
 * two (enforcement switches, the rules, signers) is passed in; nothing is assembled by hand.
 */
import type { Environment, GatePolicy, Rule } from '@gated/shared';

/** Whether the environment's toggles switch gating, findings and registry access on. */
export type PolicyEnforcement = Pick<
  GatePolicy,
  'gatingEnabled' | 'findingsEnabled' | 'registryAccessEnabled'
>;

export function enforcementOf(env: Environment): PolicyEnforcement {
  const { defenderSensor, registryAccess } = env.extensions;
  return {
    gatingEnabled: defenderSensor.enabled && defenderSensor.securityGating,
    findingsEnabled: registryAccess.enabled && registryAccess.securityFindings,
    registryAccessEnabled: registryAccess.enabled,
  };
}

/** Rules that reach an environment: those scoped to every cloud account or to this one. */
export function rulesReaching(rules: readonly Rule[], environmentId: string): Rule[] {
  return rules.filter(
    (r) => r.scope.cloudScopes.length === 0 || r.scope.cloudScopes.includes(environmentId),
  );
}

export interface GatePolicyParts {
  cluster: GatePolicy['cluster'];
  environment: Environment;
  enforcement: PolicyEnforcement;
  rules: Rule[];
  securityGating: GatePolicy['securityGating'];
  trustedSigners?: GatePolicy['trustedSigners'];
  portalUrl: GatePolicy['portalUrl'];
  catalogues?: GatePolicy['catalogues'] | undefined;
}

/** A policy's content: everything but its revision and generation time. */
export function gatePolicyContentOf(
  parts: GatePolicyParts,
): Omit<GatePolicy, 'revision' | 'generatedAt'> {
  const env = parts.environment;
  return {
    cluster: parts.cluster,
    environment: { id: env.id, cloud: env.cloud, accountId: env.accountId, name: env.name },
    ...parts.enforcement,
    ungatedRegistries: env.ungatedRegistries,
    securityGating: parts.securityGating,
    rules: parts.rules,
    ...(parts.trustedSigners ? { trustedSigners: parts.trustedSigners } : {}),
    portalUrl: parts.portalUrl,
    ...(parts.catalogues ? { catalogues: parts.catalogues } : {}),
  };
}
