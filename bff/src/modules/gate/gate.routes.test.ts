import {
  EVENT_BATCH_LIMIT_HEADER,
  type Cluster,
  type Environment,
  type GatePolicy,
  type Problem,
  type RegisteredCluster,
} from '@gated/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { admissionEvent, awsEnvironment, ruleInput } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();

describe.each(kinds)('gate API on %s', (kind) => {
  const s = useSuite(kind);
  let env: Environment;
  let reg: RegisteredCluster;
  const gate = (path: string, init: RequestInit = {}) =>
    s.t.request(`/api/v1${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${reg.gateToken}`,
        'x-gate-version': '0.1.0-test',
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });

  beforeAll(async () => {
    env = await s.admin.json<Environment>('POST', '/environments', awsEnvironment('gate'), 201);
    reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'gate-test' },
      201,
    );
  });

  it('refuses user tokens and unknown gate tokens', async () => {
    expect((await s.admin.req('GET', '/gate/policy')).status).toBe(401);
    expect(
      (await s.t.request('/api/v1/gate/policy', { headers: { authorization: 'Bearer gdg_nope' } }))
        .status,
    ).toBe(401);
  });

  it('serves the policy with every toggle, rules in scope, and an ETag; records the gate as seen', async () => {
    const other = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('other'),
      201,
    );
    await s.admin.json(
      'POST',
      '/rules',
      ruleInput('scoped elsewhere', { scope: { name: 'o', cloudScopes: [other.id] } }),
      201,
    );
    await s.admin.json('POST', '/rules', ruleInput('everywhere'), 201);
    const res = await gate('/gate/policy');
    expect(res.status).toBe(200);
    const policy = (await res.json()) as GatePolicy;
    expect(res.headers.get('etag')).toBe(`"${policy.revision}"`);
    expect(policy).toMatchObject({
      gatingEnabled: true,
      findingsEnabled: true,
      registryAccessEnabled: true,
      cluster: { id: reg.cluster.id },
    });
    const names = policy.rules.map((r) => r.name);
    expect(names).toContain('everywhere');
    expect(names).not.toContain('scoped elsewhere');
    const cluster = await s.reader.json<Cluster>('GET', `/clusters/${reg.cluster.id}`);
    expect(cluster).toMatchObject({ gateVersion: '0.1.0-test', policyRevision: policy.revision });
    expect(cluster.lastSeenAt).not.toBeNull();
  });

  it('answers 304 when unchanged and reflects toggles: gating off → gatingEnabled false, findings off → findingsEnabled false', async () => {
    const first = (await (await gate('/gate/policy')).json()) as GatePolicy;
    const same = await gate('/gate/policy?wait=0', {
      headers: { 'if-none-match': `"${first.revision}"` },
    });
    expect(same.status).toBe(304);
    await s.admin.json('PATCH', `/environments/${env.id}`, {
      extensions: {
        defenderSensor: { securityGating: false },
        registryAccess: { securityFindings: false },
      },
    });
    const changed = await gate('/gate/policy?wait=0', {
      headers: { 'if-none-match': `"${first.revision}"` },
    });
    expect(changed.status).toBe(200);
    const policy = (await changed.json()) as GatePolicy;
    expect(policy.revision).not.toBe(first.revision);
    expect(policy).toMatchObject({
      gatingEnabled: false,
      findingsEnabled: false,
      registryAccessEnabled: true,
    });
    await s.admin.json('PATCH', `/environments/${env.id}`, {
      extensions: {
        defenderSensor: { securityGating: true },
        registryAccess: { securityFindings: true },
      },
    });
  });

  it('wakes a long-poll when the policy changes', async () => {
    const current = (await (await gate('/gate/policy')).json()) as GatePolicy;
    const waiting = gate('/gate/policy?wait=20', {
      headers: { 'if-none-match': `"${current.revision}"` },
    });
    await new Promise((r) => setTimeout(r, 200));
    await s.admin.json('POST', '/rules', ruleInput('wakes the gate'), 201);
    const res = await waiting;
    expect(res.status).toBe(200);
    const policy = (await res.json()) as GatePolicy;
    expect(policy.rules.map((r) => r.name)).toContain('wakes the gate');
  });

  it('ingests events idempotently, for its own cluster, and keeps the gate self-report', async () => {
    const e = admissionEvent({ clusterId: 'spoofed', clusterName: 'spoofed' });
    const body = JSON.stringify({
      events: [e],
      gate: { version: '0.2.0', policyRevision: 'rev-x', p99Ms: 4.2 },
    });
    expect(await (await gate('/gate/events', { method: 'POST', body })).json()).toEqual({
      accepted: 1,
      duplicates: 0,
      refused: [],
    });
    expect(await (await gate('/gate/events', { method: 'POST', body })).json()).toEqual({
      accepted: 0,
      duplicates: 1,
      refused: [],
    });
    const stored = await s.reader.json<{ clusterId: string; clusterName: string; count: number }>(
      'GET',
      `/admissions/${e.id}`,
    );
    expect(stored).toMatchObject({ clusterId: reg.cluster.id, clusterName: 'gate-test', count: 1 });
    expect(await s.reader.json<Cluster>('GET', `/clusters/${reg.cluster.id}`)).toMatchObject({
      gateVersion: '0.2.0',
      policyRevision: 'rev-x',
      gateP99Ms: 4.2,
    });
  });

  it('refuses a self-report holding control characters with the path, storing none of the batch', async () => {
    for (const gateReport of [
      { version: 'v1\u0000x', policyRevision: null, p99Ms: 1 },
      { version: '0.2.0', policyRevision: 'rev\u001b[2J', p99Ms: 1 },
    ]) {
      const e = admissionEvent();
      const body = JSON.stringify({ events: [e], gate: gateReport });
      // A retry gets the same answer: nothing half-stored turns it into a 500.
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await gate('/gate/events', { method: 'POST', body });
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        const problem = (await res.json()) as Problem;
        expect(problem.errors?.map((f) => f.path)).toEqual([
          gateReport.policyRevision ? 'gate.policyRevision' : 'gate.version',
        ]);
      }
      expect((await s.reader.req('GET', `/admissions/${e.id}`)).status).toBe(404);
    }
  });

  it('advertises the largest event batch it takes on /gate/policy and /gate/events', async () => {
    const policy = await gate('/gate/policy');
    expect(policy.headers.get(EVENT_BATCH_LIMIT_HEADER)).toBe(String(1024 * 1024));
    const events = await gate('/gate/events', {
      method: 'POST',
      body: JSON.stringify({ events: [admissionEvent({ name: 'limit' })] }),
    });
    expect(events.headers.get(EVENT_BATCH_LIMIT_HEADER)).toBe(String(1024 * 1024));
  });

  it('stores a count over 2^31 as 64-bit, and folds repeats onto it', async () => {
    const big = admissionEvent({ name: 'big-count', count: 2 ** 31 + 5 });
    const res = await gate('/gate/events', {
      method: 'POST',
      body: JSON.stringify({ events: [big] }),
    });
    expect(await res.json()).toMatchObject({ accepted: 1, refused: [] });
    const repeat = admissionEvent({ name: 'big-count', count: 2 ** 32 });
    await gate('/gate/events', { method: 'POST', body: JSON.stringify({ events: [repeat] }) });
    const stored = await s.reader.json<{ count: number }>('GET', `/admissions/${big.id}`);
    expect(stored.count).toBe(2 ** 31 + 5 + 2 ** 32);
    const listed = await s.reader.json<{ items: { id: string; count: number }[] }>(
      'GET',
      '/admissions?q=big-count',
    );
    expect(listed.items.find((i) => i.id === big.id)?.count).toBe(2 ** 31 + 5 + 2 ** 32);
  });

  it('stores the good events of a batch and names the ones it refuses, with field paths', async () => {
    const good1 = admissionEvent({ name: 'partial-good-1' });
    const good2 = admissionEvent({ name: 'partial-good-2' });
    const tooBig = { ...admissionEvent({ name: 'partial-too-big' }), count: 2 ** 60 };
    const malformed = { id: 'not-a-uuid', time: 'yesterday' };
    // PostgreSQL text and jsonb cannot hold NUL: the store itself refuses this one.
    const nul = admissionEvent({ name: 'partial-nul', reason: 'bad \u0000 byte' });
    const res = await gate('/gate/events', {
      method: 'POST',
      body: JSON.stringify({ events: [good1, malformed, tooBig, nul, good2] }),
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as {
      accepted: number;
      refused: { index: number; id: string | null; problem: string; errors: { path: string }[] }[];
    };
    expect(result.accepted).toBe(2);
    expect(result.refused.map((r) => [r.index, r.id])).toEqual([
      [1, 'not-a-uuid'],
      [2, tooBig.id],
      [3, nul.id],
    ]);
    expect(result.refused[0]?.errors.map((e) => e.path)).toContain('events.1.time');
    expect(new Set(result.refused[1]?.errors.map((e) => e.path))).toEqual(
      new Set(['events.2.count']),
    );
    for (const e of [good1, good2])
      expect((await s.reader.req('GET', `/admissions/${e.id}`)).status).toBe(200);
    expect((await s.reader.req('GET', `/admissions/${nul.id}`)).status).toBe(404);
    // Refused ids are not burned: a corrected event under the same id is stored.
    const fixed = { ...nul, reason: 'fixed' };
    const again = await gate('/gate/events', {
      method: 'POST',
      body: JSON.stringify({ events: [fixed] }),
    });
    expect(await again.json()).toMatchObject({ accepted: 1, refused: [] });
  });
});
