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
