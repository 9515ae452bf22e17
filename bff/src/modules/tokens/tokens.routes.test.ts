/**
 * Personal API tokens: scopes enforced per route, no token can manage tokens (so none outlives
 * the session that made it or its own revocation), and revoking respects the owner.
 */
import type { ApiToken, ApiTokenScope, CreatedApiTokenSchema, Environment } from '@gated/shared';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { requiredScope } from '../../auth/token-scopes.js';
import { awsEnvironment, ruleInput } from '../../testing/fixtures.js';
import { Caller } from '../../testing/test-bff.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();
type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;
const ALL: ApiTokenScope[] = ['read', 'write', 'findings:upload', 'gate'];

interface OpenApiDoc {
  paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
}

describe.each(kinds)('API tokens on %s', (kind) => {
  const s = useSuite(kind);
  const mint = (owner: Caller, scopes: ApiTokenScope[], name = 't') =>
    owner.json<CreatedApiToken>('POST', '/tokens', { name, scopes }, 201);

  it('refuses to revoke another user’s token: 404, and the token keeps working', async () => {
    const adminToken = await mint(s.admin, ['read'], 'admin ci');
    const res = await s.reader.req('DELETE', `/tokens/${adminToken.apiToken.id}`);
    expect(res.status).toBe(404);
    const bearer = Caller.bearer(s.t, adminToken.token);
    expect((await bearer.req('GET', '/rules')).status).toBe(200);
    const mine = await s.admin.json<{ items: ApiToken[] }>('GET', '/tokens');
    expect(mine.items.map((t) => t.id)).toContain(adminToken.apiToken.id);
    // The owner can.
    expect((await s.admin.req('DELETE', `/tokens/${adminToken.apiToken.id}`)).status).toBe(204);
    expect((await bearer.req('GET', '/rules')).status).toBe(401);
  });

  it('lists only the caller’s own tokens, with their scopes', async () => {
    const readerToken = await mint(s.reader, ['read'], 'reader only');
    const adminList = await s.admin.json<{ items: ApiToken[] }>('GET', '/tokens');
    expect(adminList.items.map((t) => t.id)).not.toContain(readerToken.apiToken.id);
    const readerList = await s.reader.json<{ items: ApiToken[] }>('GET', '/tokens');
    expect(readerList.items.find((t) => t.id === readerToken.apiToken.id)?.scopes).toEqual([
      'read',
    ]);
  });

  it('needs at least one known scope', async () => {
    for (const scopes of [[], ['admin'], undefined]) {
      const res = await s.admin.req('POST', '/tokens', { name: 'x', scopes });
      expect(res.status).toBe(400);
    }
  });

  it('cannot create or revoke tokens, whatever its scopes', async () => {
    const parent = await mint(s.admin, ALL, 'parent');
    const other = await mint(s.admin, ['read'], 'sibling');
    const bearer = Caller.bearer(s.t, parent.token);
    const child = await bearer.req('POST', '/tokens', { name: 'child', scopes: ['read'] });
    expect(child.status).toBe(403);
    expect((await bearer.req('DELETE', `/tokens/${other.apiToken.id}`)).status).toBe(403);
    const list = await s.admin.json<{ items: ApiToken[] }>('GET', '/tokens');
    expect(list.items.map((t) => t.name)).not.toContain('child');
    expect(list.items.map((t) => t.id)).toContain(other.apiToken.id);
  });

  it('holds each token to its scopes', async () => {
    const read = Caller.bearer(s.t, (await mint(s.admin, ['read'])).token);
    const write = Caller.bearer(s.t, (await mint(s.admin, ['write'])).token);
    const upload = Caller.bearer(s.t, (await mint(s.admin, ['findings:upload'])).token);
    const gate = Caller.bearer(s.t, (await mint(s.admin, ['gate', 'read'])).token);
    expect((await read.req('GET', '/rules')).status).toBe(200);
    expect((await read.req('POST', '/rules', ruleInput('by read'))).status).toBe(403);
    expect((await write.req('GET', '/rules')).status).toBe(403);
    expect((await write.req('POST', '/rules', ruleInput('by write'))).status).toBe(201);
    expect((await upload.req('POST', '/rules', ruleInput('by upload'))).status).toBe(403);
    expect((await upload.req('POST', '/findings', {})).status).toBe(400);
    expect((await write.req('POST', '/findings', {})).status).toBe(403);
    const env = await write.json<Environment>('POST', '/environments', awsEnvironment(), 201);
    const cluster = { environmentId: env.id, name: 'scoped' };
    expect((await write.req('POST', '/clusters', cluster)).status).toBe(403);
    expect((await gate.req('POST', '/clusters', cluster)).status).toBe(201);
    for (const c of [read, write, upload, gate])
      expect((await c.req('GET', '/me')).status).toBe(200);
  });

  it('names each operation’s scope in the OpenAPI document, and a token lacking it gets 403 on every route', async () => {
    const doc = await s.admin.json<OpenApiDoc>('GET', '/openapi.json');
    const ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
    const user = ops.filter((o) => o.op.security?.some((r) => 'session' in r));
    expect(user.length).toBeGreaterThanOrEqual(30);
    const tokens = new Map<ApiTokenScope, Caller>();
    for (const scope of ALL)
      tokens.set(
        scope,
        Caller.bearer(
          s.t,
          (
            await mint(
              s.admin,
              ALL.filter((x) => x !== scope),
            )
          ).token,
        ),
      );
    for (const { method, path, op } of user) {
      const needed = requiredScope(method, path);
      const bearer = op.security?.find((r) => 'bearer' in r)?.bearer;
      if (needed === 'session')
        expect({ path, method, bearer }).toEqual({ path, method, bearer: undefined });
      else
        expect({ path, method, bearer }).toEqual({ path, method, bearer: needed ? [needed] : [] });
      if (needed === null || needed === 'session') continue;
      const lacking = tokens.get(needed);
      const res = await lacking?.req(
        method,
        path.replace('{id}', 'x'),
        method === 'GET' ? undefined : {},
      );
      expect({ route: `${method} ${path}`, status: res?.status }).toEqual({
        route: `${method} ${path}`,
        status: 403,
      });
    }
  });
});
