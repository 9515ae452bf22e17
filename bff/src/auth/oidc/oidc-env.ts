/**
 * The single sign-on part of the BFF environment (read by env.ts, the only reader of process.env)
 * and the configuration the app runs with. docs/decisions/110-single-sign-on.md.
 */
import { z } from 'zod';

const list = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean),
  );

export const OidcEnvSchema = z.object({
  GATED_BUILTIN_ACCOUNTS: z
    .enum(['on', 'off'], { message: 'on or off' })
    .default('on')
    .transform((v) => v === 'on'),
  GATED_OIDC_ISSUER: z.string().url().optional(),
  GATED_OIDC_CLIENT_ID: z.string().min(1).optional(),
  GATED_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  GATED_OIDC_SCOPES: z.string().default('openid profile email'),
  GATED_OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  GATED_OIDC_ADMIN_GROUPS: list,
  GATED_OIDC_READER_GROUPS: list,
  GATED_OIDC_PROVIDER_NAME: z.string().min(1).max(60).optional(),
});
type OidcEnv = z.infer<typeof OidcEnvSchema>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Cross-field rules, added to the whole environment's issues so they are listed with the others. */
export function checkOidcEnv(env: OidcEnv, ctx: z.RefinementCtx): void {
  const issuer = env.GATED_OIDC_ISSUER;
  if (!issuer) {
    if (!env.GATED_BUILTIN_ACCOUNTS)
      ctx.addIssue({
        code: 'custom',
        path: ['GATED_BUILTIN_ACCOUNTS'],
        message: 'off needs single sign-on (GATED_OIDC_ISSUER), or nobody could sign in',
      });
    return;
  }
  const url = new URL(issuer);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    ctx.addIssue({
      code: 'custom',
      path: ['GATED_OIDC_ISSUER'],
      message: 'must be an https:// URL (plain http only on a loopback host, for development)',
    });
  if (url.search || url.hash)
    ctx.addIssue({
      code: 'custom',
      path: ['GATED_OIDC_ISSUER'],
      message: 'must not carry a query or fragment',
    });
  if (!env.GATED_OIDC_CLIENT_ID)
    ctx.addIssue({
      code: 'custom',
      path: ['GATED_OIDC_CLIENT_ID'],
      message: 'required with GATED_OIDC_ISSUER',
    });
  if (!env.GATED_OIDC_SCOPES.split(/\s+/).includes('openid'))
    ctx.addIssue({ code: 'custom', path: ['GATED_OIDC_SCOPES'], message: 'must include openid' });
  if (env.GATED_OIDC_ADMIN_GROUPS.length + env.GATED_OIDC_READER_GROUPS.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['GATED_OIDC_ADMIN_GROUPS'],
      message: 'name at least one admin or reader group, or nobody could sign in with it',
    });
}

export interface OidcConfig {
  /** Exactly as configured; the discovery document must name the same issuer. */
  issuer: string;
  clientId: string;
  /** Null: a public client (PKCE only, token_endpoint_auth_method none). */
  clientSecret: string | null;
  scopes: string;
  groupsClaim: string;
  adminGroups: readonly string[];
  readerGroups: readonly string[];
  providerName: string;
  /** `<public URL>/api/v1/auth/oidc/callback`, registered at the provider. */
  redirectUri: string;
  /** After RP-initiated logout the provider sends the browser back here (the sign-in page). */
  postLogoutRedirectUri: string;
}

/** Null when single sign-on is not configured (checkOidcEnv has vetted the rest). */
export function oidcConfigFromEnv(env: OidcEnv, publicUrl: string): OidcConfig | null {
  if (!env.GATED_OIDC_ISSUER || !env.GATED_OIDC_CLIENT_ID) return null;
  const base = publicUrl.replace(/\/+$/, '');
  return {
    issuer: env.GATED_OIDC_ISSUER,
    clientId: env.GATED_OIDC_CLIENT_ID,
    clientSecret: env.GATED_OIDC_CLIENT_SECRET ?? null,
    scopes: env.GATED_OIDC_SCOPES.trim(),
    groupsClaim: env.GATED_OIDC_GROUPS_CLAIM,
    adminGroups: env.GATED_OIDC_ADMIN_GROUPS,
    readerGroups: env.GATED_OIDC_READER_GROUPS,
    providerName: env.GATED_OIDC_PROVIDER_NAME ?? new URL(env.GATED_OIDC_ISSUER).host,
    redirectUri: `${base}/api/v1/auth/oidc/callback`,
    postLogoutRedirectUri: `${base}/sign-in`,
  };
}
