/** Personal API tokens of the caller: list, create (secret shown once), revoke. */
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import {
  ApiTokenListSchema,
  CreateApiTokenInputSchema,
  CreatedApiTokenSchema,
  NotFoundError,
} from '@gated/shared';
import { hashSecret, newSecret } from '../../auth/secrets.js';
import { createRouter } from '../../lib/create-app.js';
import {
  SECURITY_SESSION,
  SECURITY_USER,
  commonProblems,
  jsonAnswer,
  jsonBody,
  notFoundProblem,
} from '../../lib/openapi.js';
import { recordAudit } from '../../store/audit.repo.js';
import { deleteApiToken, insertApiToken, listApiTokens } from '../../store/auth.repo.js';

const IdParams = z.object({ id: z.string().min(1).max(100) });

const list = createRoute({
  method: 'get',
  path: '/tokens',
  tags: ['tokens'],
  summary: 'My personal API tokens',
  security: SECURITY_USER,
  responses: { 200: jsonAnswer(ApiTokenListSchema, 'Tokens (no secrets)'), ...commonProblems },
});
const create = createRoute({
  method: 'post',
  path: '/tokens',
  tags: ['tokens'],
  summary:
    'Create a personal API token with scopes (the secret is shown once); only a signed-in session can',
  security: SECURITY_SESSION,
  request: jsonBody(CreateApiTokenInputSchema),
  responses: { 201: jsonAnswer(CreatedApiTokenSchema, 'Created'), ...commonProblems },
});
const revoke = createRoute({
  method: 'delete',
  path: '/tokens/{id}',
  tags: ['tokens'],
  summary: 'Revoke one of my tokens (only a signed-in session can)',
  security: SECURITY_SESSION,
  request: { params: IdParams },
  responses: { 204: { description: 'Revoked' }, ...commonProblems, ...notFoundProblem },
});

export const tokensRoutes = createRouter()
  .openapi(list, async (c) =>
    c.json({ items: await listApiTokens(c.get('deps').db, c.get('user').username) }, 200),
  )
  .openapi(create, async (c) => {
    const { db } = c.get('deps');
    const user = c.get('user');
    const input = c.req.valid('json');
    const token = newSecret('api');
    const now = new Date();
    const apiToken = await insertApiToken(db, {
      id: randomUUID(),
      username: user.username,
      name: input.name,
      scopes: input.scopes,
      prefix: token.slice(0, 10),
      tokenHash: hashSecret(token),
      createdAt: now,
      expiresAt: input.expiresInDays
        ? new Date(now.getTime() + input.expiresInDays * 86_400_000)
        : null,
    });
    await recordAudit(db, {
      actor: user.username,
      action: 'token.create',
      resourceType: 'token',
      resourceId: apiToken.id,
      after: apiToken,
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ token, apiToken }, 201);
  })
  .openapi(revoke, async (c) => {
    const { db } = c.get('deps');
    const user = c.get('user');
    const { id } = c.req.valid('param');
    const gone = await deleteApiToken(db, user.username, id);
    if (!gone) throw new NotFoundError(`No token ${id}`);
    await recordAudit(db, {
      actor: user.username,
      action: 'token.revoke',
      resourceType: 'token',
      resourceId: id,
      before: gone,
    });
    return c.body(null, 204);
  });
