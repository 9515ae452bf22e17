/**
 * The policy `evaluate` applies: a rule-export YAML (`--policy-file`, read exactly as a standalone
 * gate reads it: policy/file.ts) or the policy a cluster's gate syncs (`GET /api/v1/gate/policy`
 * with that cluster's token: policy/sync.ts), fetched once. Either way the result is a GatePolicy,
 * compiled by the same PolicyStore the gate uses.
 */
import { GatePolicySchema, InputError, type GatePolicy } from '@gated/shared';
import { ControlPlaneError, controlPlaneFetch } from '../../control-plane/client.js';
import { policyFromRuleExport } from '../../policy/file.js';
import type { InputFile } from './input-files.js';

export interface PolicyIdentity {
  /** `--cluster`: the name Cluster conditions compare. */
  cluster: string | undefined;
  /** `--environment`: the id cloud scopes compare. */
  environment: string | undefined;
}

export interface LoadedPolicy {
  policy: GatePolicy;
  /** `file <path>` or `control plane <url>`, for the outputs. */
  origin: string;
}

/** Identity of a standalone gate without GATE_CLUSTER_NAME / GATE_ENVIRONMENT_ID (env.ts). */
const STANDALONE = 'standalone';

export function policyFromFile(file: InputFile, identity: PolicyIdentity): LoadedPolicy {
  try {
    const policy = policyFromRuleExport(file.text, {
      clusterName: identity.cluster ?? STANDALONE,
      environmentId: identity.environment ?? STANDALONE,
    });
    return { policy, origin: `file ${file.path}` };
  } catch (e) {
    const [first, ...details] = (e as Error).message.split('\n');
    throw new InputError(
      `${file.path}: ${first ?? 'not a rule export'}`,
      details.map((d) => ({ path: file.path, message: d })),
    );
  }
}

/**
 * The policy the control plane serves the gate of the cluster `token` belongs to. Cluster and
 * environment are the token's: `--cluster` only renames the cluster for Cluster conditions, and an
 * `--environment` other than the token's is refused (the control plane sent that environment's rules).
 */
export async function policyFromControlPlane(
  baseUrl: string,
  token: string,
  identity: PolicyIdentity,
  timeoutMs = 15_000,
): Promise<LoadedPolicy> {
  let policy: GatePolicy;
  try {
    const res = await controlPlaneFetch({ baseUrl, token }, 'policy?wait=0', { timeoutMs });
    const parsed = GatePolicySchema.safeParse(await res.json());
    if (!parsed.success)
      throw InputError.fromZod(parsed.error, `${baseUrl} did not answer a gate policy`);
    policy = parsed.data;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const status = e instanceof ControlPlaneError ? e.status : 0;
    const why =
      status === 401 || status === 403
        ? 'the control plane refused the token (give a cluster gate token)'
        : (e as Error).message;
    throw new InputError(`Cannot read the policy from ${baseUrl}: ${why}`, [
      { path: '--control-plane-url', message: why },
    ]);
  }
  const env = identity.environment;
  if (env !== undefined && env !== policy.environment.id && env !== policy.environment.name)
    throw new InputError(
      `--environment ${env} is not the token's environment (${policy.environment.name}, id ${policy.environment.id})`,
      [{ path: '--environment', message: 'Use a gate token of a cluster in that environment' }],
    );
  return {
    policy: {
      ...policy,
      ...(identity.cluster !== undefined
        ? { cluster: { ...policy.cluster, name: identity.cluster } }
        : {}),
      // Nothing is recorded offline, so a deny message must not link to an event that never exists.
      portalUrl: null,
    },
    origin: `control plane ${baseUrl}`,
  };
}
