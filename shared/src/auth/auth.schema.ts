import { z } from 'zod';

export const RoleSchema = z.enum(['SecurityAdmin', 'SecurityReader']);
export type Role = z.infer<typeof RoleSchema>;

export const LoginInputSchema = z.strictObject({
  username: z.string().trim().min(1, 'Enter your user name').max(100),
  password: z.string().min(1, 'Enter your password').max(1000),
});
export type LoginInput = z.infer<typeof LoginInputSchema>;

/** `GET /me`, and the answer to a sign-in. `csrfToken` goes back in `X-CSRF-Token` on cookie-authenticated writes. */
export const MeSchema = z.object({
  username: z.string(),
  role: RoleSchema,
  authMethod: z.enum(['session', 'token']),
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof MeSchema>;

/**
 * What a personal API token may do; enforced per route by the BFF on top of the owner's role.
 * `read`: every GET. `write`: changes other than the two below. `findings:upload`: POST /findings
 * and /findings/refresh. `gate`: registering clusters and installing gating (answers carry gate
 * tokens). No scope lets a token create or revoke tokens: only a signed-in session can.
 */
export const ApiTokenScopeSchema = z.enum(['read', 'write', 'findings:upload', 'gate']);
export type ApiTokenScope = z.infer<typeof ApiTokenScopeSchema>;
export const API_TOKEN_SCOPES = ApiTokenScopeSchema.options;

/** A personal API token; the secret is shown once, at creation. */
export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(ApiTokenScopeSchema),
  /** First characters of the token, to recognise it. */
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const CreateApiTokenInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name the token').max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
  scopes: z
    .array(ApiTokenScopeSchema)
    .min(1, 'Give the token at least one scope')
    .max(API_TOKEN_SCOPES.length)
    .transform((s) => [...new Set(s)]),
});
export const CreatedApiTokenSchema = z.object({ token: z.string(), apiToken: ApiTokenSchema });
export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema) });

/**
 * `GET /auth/providers` (public): how the sign-in page may sign people in. `password` is false when
 * GATED_BUILTIN_ACCOUNTS=off; `oidc` is null unless single sign-on is configured.
 */
export const SignInOptionsSchema = z.object({
  password: z.boolean(),
  oidc: z
    .object({
      /** Shown as "Sign in with <name>". */
      name: z.string(),
      /** Where the browser goes to start the sign-in (append `?from=<portal path>`). */
      loginUrl: z.string(),
    })
    .nullable(),
});
export type SignInOptions = z.infer<typeof SignInOptionsSchema>;

/**
 * Why a single sign-on attempt came back to the sign-in page (`/sign-in?sso=<reason>`): `refused`
 * (no mapped group or role), `failed` (state, nonce, PKCE or token checks), `cancelled` (the
 * provider reported an error, e.g. the user declined), `unavailable` (the provider could not be reached).
 */
export const SsoOutcomeSchema = z.enum(['refused', 'failed', 'cancelled', 'unavailable']);
export type SsoOutcome = z.infer<typeof SsoOutcomeSchema>;

/** `POST /auth/logout` with a single sign-on session whose provider offers RP-initiated logout. */
export const SignedOutSchema = z.object({
  /** Where the browser goes next to end the provider's session too. */
  endSessionUrl: z.string(),
});
