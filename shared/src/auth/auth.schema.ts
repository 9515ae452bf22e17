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

/** A personal API token; the secret is shown once, at creation. */
export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
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
});
export const CreatedApiTokenSchema = z.object({ token: z.string(), apiToken: ApiTokenSchema });
export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema) });
