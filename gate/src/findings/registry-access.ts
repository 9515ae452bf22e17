/**
 * Composes the OCI registry findings source (findings/registry/) behind the policy's Registry
 * Access toggle, with the registry credentials docs/decisions/070-registry-credentials.md
 * describes: the cloud providers env.ts switches on (the pod's identity, injected by the cloud's
 * webhook from the service-account annotations the manifests carry), the client id per ACR from
 * the synced policy's `securityGating.identities[]`, and the workload's pull secrets while the
 * policy's `allowSecretAccess` is on and the gate runs in a cluster.
 */
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { GateEnv } from '../env.js';
import type { PolicyStore } from '../policy/store.js';
import {
  cloudCredentialProviders,
  type CloudCredentialConfig,
} from './registry/auth/cloud-credentials.js';
import { inClusterApiUrl, KubernetesApi } from './registry/kubernetes/kube-api.js';
import { PullSecretFindingsSource } from './registry/kubernetes/pull-secret-source.js';
import { PullSecretResolver } from './registry/kubernetes/pull-secrets.js';
import { RegistryFindingsSource } from './registry/registry-findings-source.js';
import { PolicySignatureVerifier } from './signatures/policy-verifier.js';
import type { FindingsRequest, FindingsSource, SourceAnswer } from './source.js';

export class PolicyGatedSource implements FindingsSource {
  readonly name: string;
  readonly digestSource: 'report' | 'registry';

  constructor(
    private readonly inner: FindingsSource,
    private readonly enabled: () => boolean,
  ) {
    this.name = inner.name;
    this.digestSource = inner.digestSource;
  }

  lookup(request: FindingsRequest, signal: AbortSignal): Promise<SourceAnswer> {
    if (!this.enabled()) return Promise.resolve({ digests: new Map(), reports: new Map() });
    return this.inner.lookup(request, signal);
  }
}

/** Which cloud identities the environment gives the gate (each needs all of its variables). */
export function cloudCredentialConfig(env: GateEnv): CloudCredentialConfig {
  const config: CloudCredentialConfig = {};
  if (env.AZURE_TENANT_ID && env.AZURE_FEDERATED_TOKEN_FILE)
    config.azure = {
      tenantId: env.AZURE_TENANT_ID,
      federatedTokenFile: env.AZURE_FEDERATED_TOKEN_FILE,
      ...(env.AZURE_CLIENT_ID ? { clientId: env.AZURE_CLIENT_ID } : {}),
      ...(env.AZURE_AUTHORITY_HOST ? { authorityHost: env.AZURE_AUTHORITY_HOST } : {}),
      ...(env.GATE_ACR_EXCHANGE_URL ? { exchangeUrl: env.GATE_ACR_EXCHANGE_URL } : {}),
    };
  if (env.AWS_ROLE_ARN && env.AWS_WEB_IDENTITY_TOKEN_FILE)
    config.aws = {
      roleArn: env.AWS_ROLE_ARN,
      webIdentityTokenFile: env.AWS_WEB_IDENTITY_TOKEN_FILE,
      ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
      ...(env.AWS_ENDPOINT_URL_STS ? { stsEndpoint: env.AWS_ENDPOINT_URL_STS } : {}),
      ...(env.AWS_ENDPOINT_URL_ECR ? { ecrEndpoint: env.AWS_ENDPOINT_URL_ECR } : {}),
      registries: env.GATE_ECR_REGISTRIES,
    };
  if (env.GATE_GAR_CREDENTIALS === 'metadata')
    config.google = {
      mode: 'metadata',
      registries: env.GATE_GAR_REGISTRIES,
      ...(env.GCE_METADATA_HOST ? { metadataHost: env.GCE_METADATA_HOST } : {}),
    };
  else if (env.GATE_GAR_CREDENTIALS === 'external-account') {
    if (!env.GOOGLE_APPLICATION_CREDENTIALS)
      throw new Error('GATE_GAR_CREDENTIALS=external-account needs GOOGLE_APPLICATION_CREDENTIALS');
    config.google = {
      mode: 'external-account',
      credentialsFile: env.GOOGLE_APPLICATION_CREDENTIALS,
      registries: env.GATE_GAR_REGISTRIES,
    };
  }
  return config;
}

/** The Kubernetes API the pull secrets are read from, or null outside a cluster. */
function kubernetesApiFromEnv(env: GateEnv, log?: Logger): KubernetesApi | null {
  const baseUrl =
    env.GATE_KUBERNETES_API_URL ??
    inClusterApiUrl(env.KUBERNETES_SERVICE_HOST, env.KUBERNETES_SERVICE_PORT);
  if (!baseUrl) return null;
  let caPem: string | undefined;
  try {
    caPem = readFileSync(env.GATE_KUBERNETES_CA_FILE, 'utf8');
  } catch (e) {
    // Without the cluster CA the API server's certificate cannot be checked: no secret reads at all.
    log?.warn(
      { err: (e as Error).message, file: env.GATE_KUBERNETES_CA_FILE },
      'no Kubernetes API CA: pull secrets will not be read',
    );
    return null;
  }
  return new KubernetesApi({ baseUrl, tokenFile: env.GATE_KUBERNETES_TOKEN_FILE, caPem });
}

/** The registry source configured from the environment, or null when GATE_REGISTRY_FINDINGS is off. */
export function registrySourceFromEnv(
  env: GateEnv,
  policy: PolicyStore,
  log?: Logger,
): FindingsSource | null {
  if (env.GATE_REGISTRY_FINDINGS !== 'on') return null;
  // Token endpoints derived from image names (ACR's exchange) get the same guard as registries.
  const outbound = {
    allowed: [...env.GATE_ALLOWED_PRIVATE_REGISTRIES, ...env.GATE_INSECURE_REGISTRIES],
    insecure: env.GATE_INSECURE_REGISTRIES,
  };
  const credentials = cloudCredentialProviders(
    cloudCredentialConfig(env),
    () => policy.current?.policy.securityGating.identities ?? [],
    outbound,
  );
  const source = new RegistryFindingsSource({
    insecureRegistries: env.GATE_INSECURE_REGISTRIES,
    allowedPrivateRegistries: env.GATE_ALLOWED_PRIVATE_REGISTRIES,
    credentials,
    // The cause (refused address, ECONNREFUSED, timeout) only in the log; traces say "registry unreachable".
    onTransportError: (entry) => log?.warn(entry, 'registry request failed'),
    // Signature status is decided when a referrer is read; a changed signer list applies as cached reports expire.
    verifier: new PolicySignatureVerifier(() => policy.current?.policy),
  });
  log?.info(
    { providers: credentials.map((c) => c.name) },
    'registry credential providers switched on',
  );
  const api = kubernetesApiFromEnv(env, log);
  const withSecrets = api
    ? new PullSecretFindingsSource(
        source,
        new PullSecretResolver(api, {
          ttlMs: env.GATE_PULL_SECRET_TTL_S * 1000,
          onProblem: (problem) => log?.warn({ problem }, 'pull secret not usable'),
        }),
        () => policy.current?.policy.securityGating.allowSecretAccess ?? false,
        (e) => log?.warn({ err: (e as Error).message }, 'pull secrets could not be read'),
      )
    : source;
  return new PolicyGatedSource(
    withSecrets,
    () => policy.current?.policy.registryAccessEnabled ?? false,
  );
}
