import { z } from 'zod';
import type { CredentialProvider, RegistryCredential } from './credentials.js';

/** `.dockerconfigjson` of a `kubernetes.io/dockerconfigjson` secret (or `.dockercfg`, the older flat form). */
const AuthEntry = z.looseObject({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  identitytoken: z.string().optional(),
});
const DockerConfigSchema = z.union([
  z.looseObject({ auths: z.record(z.string(), AuthEntry) }),
  z.record(z.string(), AuthEntry),
]);

/** Registry host of a dockerconfig key: `https://index.docker.io/v1/` → `docker.io`, `myacr.azurecr.io` stays. */
export function registryHostOfConfigKey(key: string): string {
  const host =
    key
      .replace(/^https?:\/\//, '')
      .split('/')[0]
      ?.toLowerCase() ?? '';
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

function credentialOf(entry: z.infer<typeof AuthEntry>): RegistryCredential | undefined {
  if (entry.identitytoken) return { kind: 'refreshToken', token: entry.identitytoken };
  if (entry.username !== undefined && entry.password !== undefined)
    return { kind: 'basic', username: entry.username, password: entry.password };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0)
      return {
        kind: 'basic',
        username: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
      };
  }
  return undefined;
}

/**
 * Credentials from the pod's `imagePullSecrets`, used only when the cluster's `allowSecretAccess` is on.
 * The caller hands in the secrets' decoded `.dockerconfigjson` contents; unreadable entries are ignored.
 */
export class PullSecretCredentials implements CredentialProvider {
  readonly name = 'pull-secret';
  private readonly byHost = new Map<string, RegistryCredential>();

  constructor(dockerConfigs: readonly unknown[]) {
    for (const raw of dockerConfigs) {
      let doc: unknown = raw;
      if (typeof raw === 'string') {
        try {
          doc = JSON.parse(raw);
        } catch {
          continue;
        }
      }
      const parsed = DockerConfigSchema.safeParse(doc);
      if (!parsed.success) continue;
      const auths =
        'auths' in parsed.data && typeof parsed.data.auths === 'object'
          ? (parsed.data.auths as Record<string, z.infer<typeof AuthEntry>>)
          : (parsed.data as Record<string, z.infer<typeof AuthEntry>>);
      for (const [key, entry] of Object.entries(auths)) {
        const cred = credentialOf(entry);
        const host = registryHostOfConfigKey(key);
        // The first secret that names a host wins, as the kubelet does.
        if (cred && host && !this.byHost.has(host)) this.byHost.set(host, cred);
      }
    }
  }

  get size(): number {
    return this.byHost.size;
  }

  credentialFor(registry: string): Promise<RegistryCredential | undefined> {
    return Promise.resolve(this.byHost.get(registry));
  }
}
