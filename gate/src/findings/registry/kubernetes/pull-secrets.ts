/**
 * The pull secrets of a workload, read from the Kubernetes API when the cluster's
 * `securityGating.allowSecretAccess` is on: the pod spec's `imagePullSecrets`, or — when it names
 * none — its ServiceAccount's, as the ServiceAccount admission plugin would fill them in for the
 * pods. Only `get` by name in the workload's own namespace (docs/decisions/070-registry-credentials.md):
 * never a list, never another namespace. Answers (absence and refusal too) are cached for `ttlMs`, LRU
 * bounded, and concurrent reads of one object share one request.
 */
import { z } from 'zod';
import type { FindingsWorkload } from '../../source.js';
import { TtlLru } from '../../ttl-lru.js';
import { KubernetesApiError, type KubernetesApi } from './kube-api.js';

export interface PullSecretResolverOptions {
  /** Lifetime of a cached Secret / ServiceAccount answer. Default 60 s. */
  ttlMs?: number;
  /** Objects cached. Default 2000. */
  maxEntries?: number;
  /** Secrets read for one workload. Default 16. */
  maxSecrets?: number;
  /** 401/403 and unusable objects: said once per object per TTL, for the log. */
  onProblem?: (problem: string) => void;
  clock?: () => number;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const NamedRefs = z.array(z.looseObject({ name: z.string() })).catch([]);
const ServiceAccountShape = z.looseObject({
  kind: z.literal('ServiceAccount'),
  imagePullSecrets: NamedRefs.optional(),
});
const SecretShape = z.looseObject({
  kind: z.literal('Secret'),
  type: z.string().optional(),
  data: z.record(z.string(), z.string()).optional(),
});

/** The data key holding the registry config, by Secret type. */
const DOCKER_KEYS: Record<string, string> = {
  'kubernetes.io/dockerconfigjson': '.dockerconfigjson',
  'kubernetes.io/dockercfg': '.dockercfg',
};

export class PullSecretResolver {
  private readonly cache: TtlLru<string, string[] | string | null>;
  private readonly inFlight = new Map<string, Promise<string[] | string | null>>();
  private readonly clock: () => number;

  constructor(
    private readonly api: KubernetesApi,
    private readonly o: PullSecretResolverOptions = {},
  ) {
    this.cache = new TtlLru(o.maxEntries ?? 2000);
    this.clock = o.clock ?? Date.now;
  }

  /** The decoded registry configs (JSON text) of the workload's pull secrets, in the kubelet's order. */
  async dockerConfigsFor(workload: FindingsWorkload, signal?: AbortSignal): Promise<string[]> {
    if (!DNS_LABEL.test(workload.namespace)) return [];
    let names = workload.imagePullSecrets.filter((n) => DNS_SUBDOMAIN.test(n));
    if (names.length === 0 && DNS_SUBDOMAIN.test(workload.serviceAccountName)) {
      const sa = await this.cached(
        `sa/${workload.namespace}/${workload.serviceAccountName}`,
        signal,
        () => this.readServiceAccount(workload.namespace, workload.serviceAccountName, signal),
      );
      names = Array.isArray(sa) ? sa : [];
    }
    const unique = [...new Set(names)].slice(0, this.o.maxSecrets ?? 16);
    const configs = await Promise.all(
      unique.map((name) =>
        this.cached(`secret/${workload.namespace}/${name}`, signal, () =>
          this.readSecret(workload.namespace, name, signal),
        ),
      ),
    );
    return configs.filter((c): c is string => typeof c === 'string');
  }

  private async cached(
    key: string,
    signal: AbortSignal | undefined,
    load: () => Promise<string[] | string | null>,
  ): Promise<string[] | string | null> {
    const hit = this.cache.get(key, this.clock());
    if (hit && !hit.expired) return hit.value;
    signal?.throwIfAborted();
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = load()
        .then((value) => {
          this.cache.set(key, value, this.o.ttlMs ?? 60_000, this.clock());
          return value;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** Refusals are answers too (cached): RBAC does not change by retrying every admission. */
  private async readOrRefused(path: string, signal?: AbortSignal): Promise<unknown> {
    try {
      return await this.api.get(path, signal);
    } catch (e) {
      if (e instanceof KubernetesApiError && (e.status === 401 || e.status === 403)) {
        this.o.onProblem?.(e.message);
        return null;
      }
      throw e;
    }
  }

  private async readServiceAccount(
    namespace: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<string[] | null> {
    const raw = await this.readOrRefused(
      `/api/v1/namespaces/${namespace}/serviceaccounts/${encodeURIComponent(name)}`,
      signal,
    );
    if (raw === null) return null;
    const sa = ServiceAccountShape.safeParse(raw);
    if (!sa.success) {
      this.o.onProblem?.(`serviceaccount ${namespace}/${name}: not a ServiceAccount object`);
      return null;
    }
    return (sa.data.imagePullSecrets ?? []).map((r) => r.name);
  }

  private async readSecret(
    namespace: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<string | null> {
    const raw = await this.readOrRefused(
      `/api/v1/namespaces/${namespace}/secrets/${encodeURIComponent(name)}`,
      signal,
    );
    if (raw === null) return null;
    const secret = SecretShape.safeParse(raw);
    const key = secret.success ? DOCKER_KEYS[secret.data.type ?? ''] : undefined;
    const data = key && secret.success ? secret.data.data?.[key] : undefined;
    // Only registry-config Secrets are used; a pod naming another Secret gets nothing from it.
    if (!data) {
      this.o.onProblem?.(
        `secret ${namespace}/${name}: not a kubernetes.io/dockerconfigjson Secret`,
      );
      return null;
    }
    return Buffer.from(data, 'base64').toString('utf8');
  }
}
