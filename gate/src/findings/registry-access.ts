/**
 * Composes the OCI registry findings source (findings/registry/, another module's work) behind the
 * policy's Registry Access toggle: when the control plane turns it off, the registry is not asked.
 */
import type { Logger } from 'pino';
import type { GateEnv } from '../env.js';
import type { PolicyStore } from '../policy/store.js';
import { AcrCredentials } from './registry/auth/acr.js';
import type { CredentialProvider } from './registry/auth/credentials.js';
import { guardedFetchFunction } from './registry/outbound-guard.js';
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

/** The registry source configured from the environment, or null when GATE_REGISTRY_FINDINGS is off. */
export function registrySourceFromEnv(
  env: GateEnv,
  policy: PolicyStore,
  log?: Logger,
): FindingsSource | null {
  if (env.GATE_REGISTRY_FINDINGS !== 'on') return null;
  const credentials: CredentialProvider[] = [];
  // ACR's exchange endpoint is the registry host from the image name: the same outbound guard applies.
  const outbound = {
    allowed: [...env.GATE_ALLOWED_PRIVATE_REGISTRIES, ...env.GATE_INSECURE_REGISTRIES],
    insecure: env.GATE_INSECURE_REGISTRIES,
  };
  if (env.AZURE_TENANT_ID && env.AZURE_CLIENT_ID && env.AZURE_FEDERATED_TOKEN_FILE) {
    credentials.push(
      new AcrCredentials({
        tenantId: env.AZURE_TENANT_ID,
        clientId: env.AZURE_CLIENT_ID,
        federatedTokenFile: env.AZURE_FEDERATED_TOKEN_FILE,
        fetch: guardedFetchFunction(outbound),
        ...(env.AZURE_AUTHORITY_HOST ? { authorityHost: env.AZURE_AUTHORITY_HOST } : {}),
      }),
    );
  }
  const source = new RegistryFindingsSource({
    insecureRegistries: env.GATE_INSECURE_REGISTRIES,
    allowedPrivateRegistries: env.GATE_ALLOWED_PRIVATE_REGISTRIES,
    credentials,
    // The cause (refused address, ECONNREFUSED, timeout) only in the log; traces say "registry unreachable".
    onTransportError: (entry) => log?.warn(entry, 'registry request failed'),
    // Signature status is decided when a referrer is read; a changed signer list applies as cached reports expire.
    verifier: new PolicySignatureVerifier(() => policy.current?.policy),
  });
  return new PolicyGatedSource(source, () => policy.current?.policy.registryAccessEnabled ?? false);
}
