import type { Cluster, Environment, Problem, RegisteredCluster, Rule } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { awsEnvironment } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';
import { DEFAULT_RULE_NAME } from './default-rule.js';

const kinds = await storesUnderTest();

const defaultRulesOf = (rules: Rule[], envId: string) =>
  rules.filter((r) => r.name.startsWith(DEFAULT_RULE_NAME) && r.scope.cloudScopes.includes(envId));

describe.each(kinds)('environments and clusters on %s', (kind) => {
  const s = useSuite(kind);

  it('starts new environments with all four toggles on, gating installed and one default Audit rule', async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('all on'),
      201,
    );
    expect(env.extensions).toEqual({
      defenderSensor: { enabled: true, securityGating: true },
      registryAccess: { enabled: true, securityFindings: true },
    });
    expect(env.gatingInstalledAt).not.toBeNull();
    expect(env.ungatedRegistries).toContain('docker.io');
    const rules = defaultRulesOf(
      (await s.admin.json<{ items: Rule[] }>('GET', '/rules')).items,
      env.id,
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      action: 'Audit',
      conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 0 }] },
    });
    expect((await s.admin.req('POST', `/environments/${env.id}/security-gating`)).status).toBe(409);
  });

  it('refuses a child toggle on while its parent is off, naming the parent', async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('hierarchy'),
      201,
    );
    const res = await s.admin.req('PATCH', `/environments/${env.id}`, {
      extensions: { defenderSensor: { enabled: false } },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as Problem;
    expect(problem.errors?.[0]?.path).toBe('extensions.defenderSensor.securityGating');
    expect(problem.detail).toContain('Defender Sensor');
    const ok = await s.admin.json<Environment>('PATCH', `/environments/${env.id}`, {
      extensions: { registryAccess: { enabled: false, securityFindings: false } },
    });
    expect(ok.extensions.registryAccess).toEqual({ enabled: false, securityFindings: false });
    expect(ok.revision).toBe(env.revision + 1);
  });

  it('installs gating 201 then 409, and creates the default rule exactly once, never again after deletion', async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('install', {
        extensions: {
          defenderSensor: { enabled: true, securityGating: false },
          registryAccess: { enabled: true, securityFindings: true },
        },
      }),
      201,
    );
    expect(env.gatingInstalledAt).toBeNull();
    expect(
      defaultRulesOf((await s.admin.json<{ items: Rule[] }>('GET', '/rules')).items, env.id),
    ).toHaveLength(0);
    const installed = await s.admin.json<Environment>(
      'POST',
      `/environments/${env.id}/security-gating`,
      undefined,
      201,
    );
    expect(installed.gatingInstalledAt).not.toBeNull();
    expect(installed.extensions.defenderSensor.securityGating).toBe(true);
    expect((await s.admin.req('POST', `/environments/${env.id}/security-gating`)).status).toBe(409);
    const [rule] = defaultRulesOf(
      (await s.admin.json<{ items: Rule[] }>('GET', '/rules')).items,
      env.id,
    );
    expect(rule).toBeDefined();
    expect((await s.admin.req('DELETE', `/rules/${rule?.id}`)).status).toBe(204);
    await s.admin.json('PATCH', `/environments/${env.id}`, {
      extensions: { defenderSensor: { securityGating: false } },
    });
    const again = await s.admin.json<Environment>('PATCH', `/environments/${env.id}`, {
      extensions: { defenderSensor: { securityGating: true } },
    });
    expect(again.gatingInstalledAt).toBe(installed.gatingInstalledAt);
    expect(
      defaultRulesOf((await s.admin.json<{ items: Rule[] }>('GET', '/rules')).items, env.id),
    ).toHaveLength(0);
  });

  it('registers clusters with a one-time gate token, sets the IaC block idempotently, deletes', async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('clusters'),
      201,
    );
    const reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'prod-eks', provider: 'EKS' },
      201,
    );
    expect(reg.gateToken).toMatch(/^gdg_/);
    const got = await s.admin.json<Cluster>('GET', `/clusters/${reg.cluster.id}`);
    expect(JSON.stringify(got)).not.toContain(reg.gateToken);
    const block = {
      enabled: true,
      identities: [
        {
          azureContainerRegistry: 'shop.azurecr.io',
          identity: {
            resourceId: '/subscriptions/x/id',
            clientId: '6f1c2b3a-8d4e-4f5a-9b6c-7d8e9f0a1b2c',
            objectId: '6f1c2b3a-8d4e-4f5a-9b6c-7d8e9f0a1b2d',
          },
        },
      ],
      allowSecretAccess: false,
    };
    const first = await s.admin.json<Cluster>(
      'PUT',
      `/clusters/${reg.cluster.id}/security-gating`,
      block,
    );
    const second = await s.admin.json<Cluster>(
      'PUT',
      `/clusters/${reg.cluster.id}/security-gating`,
      block,
    );
    expect(second.securityGating).toEqual(first.securityGating);
    expect(first.securityGating.enabled).toBe(true);
    const filtered = await s.admin.json<{ items: Cluster[] }>(
      'GET',
      `/clusters?environmentId=${env.id}`,
    );
    expect(filtered.items.map((c) => c.id)).toEqual([reg.cluster.id]);
    expect((await s.admin.req('DELETE', `/clusters/${reg.cluster.id}`)).status).toBe(204);
    expect((await s.admin.req('GET', `/clusters/${reg.cluster.id}`)).status).toBe(404);
    const gate = await s.t.request('/api/v1/gate/policy', {
      headers: { authorization: `Bearer ${reg.gateToken}` },
    });
    expect(gate.status).toBe(401);
  });

  it('pages the audit log newest first with a cursor', async () => {
    const first = await s.reader.json<{ items: { id: string }[]; nextCursor: string | null }>(
      'GET',
      '/audit-log?limit=2',
    );
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await s.reader.json<{ items: { id: string }[] }>(
      'GET',
      `/audit-log?limit=2&cursor=${first.nextCursor}`,
    );
    expect(
      second.items.map((e) => e.id).some((id) => first.items.map((e) => e.id).includes(id)),
    ).toBe(false);
    expect((await s.reader.req('GET', '/audit-log?cursor=nope')).status).toBe(400);
  });

  it('records every change in the audit log with actor, before and after', async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('audited'),
      201,
    );
    await s.admin.json('PATCH', `/environments/${env.id}`, { name: 'audited 2' });
    const log = await s.reader.json<{
      items: {
        actor: string;
        action: string;
        before: Environment | null;
        after: Environment | null;
      }[];
    }>('GET', `/audit-log?resourceType=environment&resourceId=${env.id}`);
    expect(log.items.map((e) => e.action)).toEqual(['environment.update', 'environment.create']);
    expect(log.items[0]).toMatchObject({
      actor: 'admin',
      before: { name: 'audited' },
      after: { name: 'audited 2' },
    });
  });
});
