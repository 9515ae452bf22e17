/**
 * Bearer secrets (session ids, personal API tokens, gate tokens). Only their SHA-256 is stored:
 * they are 256-bit random, so a fast hash is enough and lookups stay one indexed read.
 */
import { createHash, randomBytes } from 'node:crypto';

export type SecretKind = 'session' | 'api' | 'gate';
const PREFIX: Record<SecretKind, string> = { session: 'gds_', api: 'gdp_', gate: 'gdg_' };

export function newSecret(kind: SecretKind): string {
  return `${PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function isSecretOf(kind: SecretKind, secret: string): boolean {
  return secret.startsWith(PREFIX[kind]);
}
