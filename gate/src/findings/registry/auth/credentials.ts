/**
 * Registry credentials and where they come from. A credential is what the token flow or a Basic
 * challenge needs; providers turn cloud identities, pull secrets or static config into one.
 */
import { readLimited } from '../read-body.js';

/** Decodes as `Response.text()` and `.json()` did: a leading byte-order mark is dropped. */
const UTF8 = new TextDecoder();

/** Basic username/password (also what ECR's and Google's access tokens become). */
export interface BasicCredential {
  kind: 'basic';
  username: string;
  password: string;
}

/** An OAuth2 refresh token (Docker `identitytoken`, ACR's exchanged refresh token): POSTed to the token realm. */
export interface RefreshTokenCredential {
  kind: 'refreshToken';
  token: string;
}

export type RegistryCredential = BasicCredential | RefreshTokenCredential;

/** Answers credentials for a registry host, or undefined when it does not serve that host. */
export interface CredentialProvider {
  /** `acr`, `ecr`, `gar`, `static`, `pull-secret`: shown in errors and logs. */
  readonly name: string;
  credentialFor(registry: string, signal?: AbortSignal): Promise<RegistryCredential | undefined>;
}

/** Fixed credentials per registry host (operator config, tests). */
export class StaticCredentials implements CredentialProvider {
  readonly name = 'static';
  constructor(private readonly byHost: Readonly<Record<string, RegistryCredential>>) {}
  credentialFor(registry: string): Promise<RegistryCredential | undefined> {
    return Promise.resolve(this.byHost[registry]);
  }
}

/** True when `host` matches one of the patterns: exact, or `*suffix` (`*.azurecr.io`, `*-docker.pkg.dev`). */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.startsWith('*') ? host.endsWith(p.slice(1)) : host === p));
}

/**
 * A registry token, cloud token or STS answer is a JWT or an opaque token of a few kB (with
 * `access_token` repeating it, a refresh token): 1 MiB leaves room for any of them and none for a
 * stream without end (a registry's token realm is wherever its challenge points).
 */
export const MAX_PROVIDER_ANSWER_BYTES = 1024 * 1024;

/** The answer's text, read up to MAX_PROVIDER_ANSWER_BYTES (more is an error, never buffered). */
export async function providerAnswerText(provider: string, res: Response): Promise<string> {
  const bytes = await readLimited(res, MAX_PROVIDER_ANSWER_BYTES, provider);
  return UTF8.decode(bytes);
}

/** Reads a JSON token-endpoint answer; throws with the provider's name and status when it is not OK. */
export async function tokenResponse<T>(provider: string, step: string, res: Response): Promise<T> {
  const text = await providerAnswerText(provider, res);
  if (!res.ok)
    throw new Error(`${provider}: ${step} answered ${res.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${provider}: ${step} did not answer JSON`);
  }
}

/** Caches a provider's credential per host until shortly before it expires. */
export class CachedCredential {
  private readonly cache = new Map<string, { value: RegistryCredential; until: number }>();
  constructor(private readonly clock: () => number = Date.now) {}
  async get(
    key: string,
    load: () => Promise<{ value: RegistryCredential; expiresAt: number }>,
  ): Promise<RegistryCredential> {
    const hit = this.cache.get(key);
    if (hit && hit.until > this.clock()) return hit.value;
    const { value, expiresAt } = await load();
    // Refresh a minute early so a request never carries a credential that expires in flight.
    this.cache.set(key, {
      value,
      until: Math.min(expiresAt - 60_000, this.clock() + 12 * 3600_000),
    });
    return value;
  }
}
