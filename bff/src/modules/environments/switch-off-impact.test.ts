import type { Environment, SwitchOffImpact } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { awsEnvironment, ruleInput } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();

describe.each(kinds)('switch-off impact on %s', (kind) => {
  const s = useSuite(kind);

  it('counts the clusters of the environment and the enabled rules that reach it', async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('off'),
      201,
    );
    const other = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('o'),
      201,
    );
    for (const name of ['off-a', 'off-b'])
      await s.admin.json('POST', '/clusters', { environmentId: env.id, name }, 201);
    await s.admin.json('POST', '/clusters', { environmentId: other.id, name: 'off-c' }, 201);
    const before = await s.reader.json<SwitchOffImpact>(
      'GET',
      `/environments/${env.id}/switch-off-impact`,
    );
    const scoped = (cloudScopes: string[]) => ({ name: 's', cloudScopes });
    await s.admin.json(
      'POST',
      '/rules',
      ruleInput('off deny here', { scope: scoped([env.id]) }),
      201,
    );
    await s.admin.json(
      'POST',
      '/rules',
      ruleInput('off audit all', { action: 'Audit', scope: scoped([]) }),
      201,
    );
    await s.admin.json(
      'POST',
      '/rules',
      ruleInput('off elsewhere', { scope: scoped([other.id]) }),
      201,
    );
    await s.admin.json(
      'POST',
      '/rules',
      ruleInput('off disabled', { enabled: false, scope: scoped([env.id]) }),
      201,
    );
    const after = await s.reader.json<SwitchOffImpact>(
      'GET',
      `/environments/${env.id}/switch-off-impact`,
    );
    expect(after).toMatchObject({ environmentId: env.id, clusters: 2 });
    // Rules scoped to all environments (the default rule included) count too, so compare deltas.
    expect(after.rules - before.rules).toBe(2);
    expect(after.denyRules - before.denyRules).toBe(1);
    expect(
      (
        await s.reader.req(
          'GET',
          '/environments/00000000-0000-4000-8000-000000000000/switch-off-impact',
        )
      ).status,
    ).toBe(404);
  });
});
