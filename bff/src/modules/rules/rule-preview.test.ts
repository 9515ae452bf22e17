import type { Environment, RegisteredCluster, RulePreviewResult } from '@gated/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  admissionEvent,
  awsEnvironment,
  digestOf,
  ruleInput,
  trivyReport,
} from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();
const repo = 'preview.azurecr.io/shop/web';

describe.each(kinds)('rule impact preview on %s', (kind) => {
  const s = useSuite(kind);

  beforeAll(async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('preview'),
      201,
    );
    const reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'preview' },
      201,
    );
    await s.admin.json(
      'POST',
      '/findings',
      trivyReport(repo, '1.0', [{ id: 'CVE-2024-3094', severity: 'CRITICAL' }]),
      201,
    );
    const image = (ref: string) => [
      { reference: ref, digest: digestOf(ref), summary: null, decision: 'Allow' as const },
    ];
    const events = [
      admissionEvent({
        namespace: 'prod-shop',
        name: 'web',
        decision: 'Allow',
        images: image(`${repo}:1.0`),
      }),
      admissionEvent({
        namespace: 'dev-shop',
        name: 'web',
        decision: 'Allow',
        images: image(`${repo}:1.0`),
      }),
      admissionEvent({
        namespace: 'prod-shop',
        name: 'clean',
        decision: 'Allow',
        images: image('preview.azurecr.io/shop/clean:1'),
      }),
      admissionEvent({
        namespace: 'prod-shop',
        name: 'old',
        decision: 'Allow',
        images: image(`${repo}:1.0`),
        time: new Date(Date.now() - 10 * 86_400_000).toISOString(),
      }),
    ];
    const res = await s.t.request('/api/v1/gate/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${reg.gateToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
  });

  it('replays a draft Deny rule with the gate engine over the last 7 days', async () => {
    const result = await s.admin.json<RulePreviewResult>('POST', '/rules/preview', {
      rule: ruleInput('draft'),
      days: 7,
    });
    expect(result.evaluated).toBeGreaterThanOrEqual(3);
    expect(result.wouldDeny).toBe(2);
    expect(result.workloads).toBe(2);
    expect(result.examples.map((e) => e.namespace).sort()).toEqual(['dev-shop', 'prod-shop']);
    expect(result.examples[0]?.because).toMatch(/Critical/);
  });

  it('honours scope conditions, the window and the action', async () => {
    const scoped = ruleInput('scoped', {
      action: 'Audit',
      scope: {
        name: 'prod',
        resourceConditions: [{ kind: 'Namespace', match: 'StartsWith', value: 'prod' }],
      },
    });
    const week = await s.admin.json<RulePreviewResult>('POST', '/rules/preview', {
      rule: scoped,
      days: 7,
    });
    expect([week.wouldDeny, week.wouldAudit]).toEqual([0, 1]);
    const month = await s.admin.json<RulePreviewResult>('POST', '/rules/preview', {
      rule: scoped,
      days: 30,
    });
    expect(month.wouldAudit).toBe(2);
    const absent = await s.admin.json<RulePreviewResult>('POST', '/rules/preview', {
      rule: ruleInput('cve', { conditions: { cveIds: ['CVE-2021-44228'] } }),
      days: 7,
    });
    expect(absent.wouldDeny).toBe(0);
  });
});
