/**
 * The registry findings source with the workload's pull secrets handed in, while the synced
 * policy's `securityGating.allowSecretAccess` is on. Reading the secrets happens only on a cache
 * miss of the gate's FindingsCache (which never asks a source when it has an answer), and the
 * secrets themselves are cached by PullSecretResolver: no Kubernetes API call on a warm path.
 * A failed read costs the lookup its secrets, never the lookup itself.
 */
import type { FindingsRequest, FindingsSource } from '../../source.js';
import type { RegistryFindingsSource, RegistrySourceAnswer } from '../registry-findings-source.js';
import type { PullSecretResolver } from './pull-secrets.js';

export class PullSecretFindingsSource implements FindingsSource {
  readonly name: string;
  readonly digestSource = 'registry' as const;

  constructor(
    private readonly inner: RegistryFindingsSource,
    private readonly resolver: PullSecretResolver,
    private readonly allowed: () => boolean,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {
    this.name = inner.name;
  }

  async lookup(request: FindingsRequest, signal: AbortSignal): Promise<RegistrySourceAnswer> {
    if (!request.workload || !this.allowed()) return this.inner.lookup(request, signal);
    let pullSecrets: string[] = [];
    try {
      pullSecrets = await this.resolver.dockerConfigsFor(request.workload, signal);
    } catch (e) {
      this.onError(e);
    }
    return this.inner.lookup({ ...request, pullSecrets }, signal);
  }
}
