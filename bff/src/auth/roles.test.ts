/**
 * Reader-gets-403 matrix over EVERY write route: the routes come from the OpenAPI document, so a
 * new write route is covered the moment it exists.
 */
import type { Environment, RegisteredCluster, Rule } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { ruleInput } from '../testing/fixtures.js';
import { storesUnderTest } from '../testing/test-stores.js';
import { useSuite } from '../testing/suite.js';
import { readerMayWrite } from './roles.js';

const kinds = await storesUnderTest();

interface OpenApiDoc {
  paths: Record<string, Record<string, unknown>>;
}

describe.each(kinds)('roles on %s', (kind) => {
  const s = useSuite(kind);

  it('answers 403 to a reader on every write route and leaves the store unchanged', async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      { cloud: 'AWS', accountId: '333333333333', name: 'matrix' },
      201,
    );
    const cluster = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'matrix' },
      201,
    );
    const rule = await s.admin.json<Rule>('POST', '/rules', ruleInput('matrix rule'), 201);
    const doc = await s.admin.json<OpenApiDoc>('GET', '/openapi.json');
    const writes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), path })),
    );
    const adminOnly = writes.filter(
      (w) => !w.path.startsWith('/gate/') && w.path !== '/auth/login' && !readerMayWrite(w.path),
    );
    expect(adminOnly.length).toBeGreaterThanOrEqual(15);
    const ids: Record<string, string> = {
      environments: env.id,
      clusters: cluster.cluster.id,
      rules: rule.id,
    };
    const before = await s.admin.json<{ items: unknown[] }>('GET', '/audit-log?limit=500');
    for (const w of adminOnly) {
      const resource = w.path.split('/')[1] ?? '';
      const path = w.path.replace('{id}', ids[resource] ?? 'x');
      const res = await s.reader.req(w.method, path, {}, { 'if-match': `"${rule.revision}"` });
      expect({ route: `${w.method} ${w.path}`, status: res.status }).toEqual({
        route: `${w.method} ${w.path}`,
        status: 403,
      });
    }
    const after = await s.admin.json<{ items: unknown[] }>('GET', '/audit-log?limit=500');
    expect(after.items.length).toBe(before.items.length);
  });

  it('lets a reader read everything', async () => {
    for (const path of [
      '/environments',
      '/clusters',
      '/rules',
      '/rules/export',
      '/admissions',
      '/admissions/stats',
      '/audit-log',
      '/tokens',
      '/me',
    ]) {
      expect({ path, status: (await s.reader.req('GET', path)).status }).toEqual({
        path,
        status: 200,
      });
    }
  });
});
