/**
 * Rule details on both stores: a rule's activity by decision (deciding or triggered, folded
 * repeats by their count, dry runs left out, the window ending where the test says) and its
 * history as field diffs; the audit log's filters; readers may read all of it; unknown rules 404.
 */
import { randomUUID } from 'node:crypto';
import type {
  AdmissionEvent,
  AuditLogPage,
  Environment,
  RegisteredCluster,
  Rule,
  RuleActivity,
  RuleHistory,
} from '@gated/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { admissionEvent, awsEnvironment, ruleInput } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();
// The tests own their clock: every event time is relative to this instant, passed as `until`.
const BASE = Date.parse('2031-05-10T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(BASE - h * 3_600_000).toISOString();
const until = encodeURIComponent(new Date(BASE).toISOString());

describe.each(kinds)('rule activity and history on %s', (kind) => {
  const s = useSuite(kind);
  let reg: RegisteredCluster;
  let rule: Rule;
  let other: Rule;
  const send = async (events: AdmissionEvent[]) => {
    const res = await s.t.request('/api/v1/gate/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${reg.gateToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    const env = await s.admin.json<Environment>('POST', '/environments', awsEnvironment('ra'), 201);
    reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'activity' },
      201,
    );
    rule = await s.admin.json<Rule>('POST', '/rules', ruleInput('Deny criticals (activity)'), 201);
    other = await s.admin.json<Rule>(
      'POST',
      '/rules',
      ruleInput('Audit highs (activity)', { action: 'Audit' }),
      201,
    );
    const ref = (r: Rule) => ({ id: r.id, name: r.name, action: r.action });
    await send([
      // Decided by the rule, a fold of 3 admissions, an hour ago.
      admissionEvent({
        namespace: 'a1',
        time: hoursAgo(1),
        count: 3,
        decidingRule: ref(rule),
        triggeredRules: [ref(rule)],
      }),
      // Triggered only: the other rule decided (a downgraded Deny becomes Audit).
      admissionEvent({
        namespace: 'a2',
        time: hoursAgo(2),
        decision: 'Audit',
        count: 2,
        decidingRule: ref(other),
        triggeredRules: [ref(other), ref(rule)],
      }),
      // Not this rule at all.
      admissionEvent({
        namespace: 'a3',
        time: hoursAgo(1),
        decidingRule: ref(other),
        triggeredRules: [ref(other)],
      }),
      // Three days ago: in 7 d, not in 24 h.
      admissionEvent({
        namespace: 'a4',
        time: hoursAgo(72),
        decidingRule: ref(rule),
        triggeredRules: [ref(rule)],
      }),
      // After the window's end, and a dry run: neither counts.
      admissionEvent({ namespace: 'a5', time: hoursAgo(-1), decidingRule: ref(rule) }),
      admissionEvent({ namespace: 'a6', time: hoursAgo(1), dryRun: true, decidingRule: ref(rule) }),
    ]);
  });

  it('counts what the rule decided or triggered in 24 h, by decision', async () => {
    const a = await s.reader.json<RuleActivity>(
      'GET',
      `/rules/${rule.id}/activity?window=24h&until=${until}`,
    );
    expect(a).toMatchObject({
      ruleId: rule.id,
      window: '24h',
      from: hoursAgo(24),
      to: hoursAgo(0),
      admissions: { Deny: 3, Audit: 2, Allow: 0 },
      decided: { Deny: 3, Audit: 0, Allow: 0 },
      events: 2,
    });
  });

  it('widens to 7 d', async () => {
    const a = await s.admin.json<RuleActivity>(
      'GET',
      `/rules/${rule.id}/activity?window=7d&until=${until}`,
    );
    expect(a.admissions).toEqual({ Deny: 4, Audit: 2, Allow: 0 });
    expect(a.events).toBe(3);
  });

  it('answers 404 problem+json for an unknown rule, and 400 for a bad window', async () => {
    for (const path of [`/rules/${randomUUID()}/activity`, `/rules/${randomUUID()}/history`]) {
      const res = await s.reader.req('GET', path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const bad = await s.reader.req('GET', `/rules/${rule.id}/activity?window=30d`);
    expect(bad.status).toBe(400);
  });

  it("shows the rule's history as field diffs, newest first, also after it is deleted", async () => {
    const r = await s.admin.json<Rule>('POST', '/rules', ruleInput('History rule'), 201);
    await s.admin.json<Rule>(
      'PUT',
      `/rules/${r.id}`,
      ruleInput('History rule', { action: 'Audit', conditions: { cveIds: ['CVE-2024-3094'] } }),
      200,
      { 'if-match': `"${r.revision}"` },
    );
    await s.admin.json('POST', `/rules/${r.id}/disable`);
    const h = await s.reader.json<RuleHistory>('GET', `/rules/${r.id}/history`);
    expect(h.items.map((e) => [e.action, e.actor])).toEqual([
      ['rule.disable', 'admin'],
      ['rule.update', 'admin'],
      ['rule.create', 'admin'],
    ]);
    expect(h.items[0]?.changes).toEqual([{ path: 'enabled', before: true, after: false }]);
    expect(h.items[1]?.changes).toEqual(
      expect.arrayContaining([
        { path: 'action', before: 'Deny', after: 'Audit' },
        { path: 'conditions.cveIds.0', after: 'CVE-2024-3094' },
        {
          path: 'conditions.severityThresholds.0',
          before: { severity: 'Critical', maxAllowed: 0 },
        },
      ]),
    );
    await s.admin.req('DELETE', `/rules/${r.id}`);
    const after = await s.reader.json<RuleHistory>('GET', `/rules/${r.id}/history?limit=1`);
    expect(after.items.map((e) => e.action)).toEqual(['rule.delete']);
    expect(after.nextCursor).not.toBeNull();
  });

  it('filters the audit log by target, actor, action prefix and time range, and pages', async () => {
    const r = await s.admin.json<Rule>('POST', '/rules', ruleInput('Audit log rule'), 201);
    await s.admin.json('POST', `/rules/${r.id}/disable`);
    await s.admin.json('POST', `/rules/${r.id}/enable`);
    const byTarget = await s.reader.json<AuditLogPage>('GET', `/audit-log?resourceId=${r.id}`);
    expect(byTarget.items.map((e) => e.action)).toEqual([
      'rule.enable',
      'rule.disable',
      'rule.create',
    ]);
    expect(byTarget.items[0]?.changes).toEqual([{ path: 'enabled', before: false, after: true }]);

    const exact = await s.reader.json<AuditLogPage>(
      'GET',
      `/audit-log?resourceId=${r.id}&action=rule.disable`,
    );
    expect(exact.items).toHaveLength(1);
    const prefix = await s.reader.json<AuditLogPage>(
      'GET',
      `/audit-log?resourceId=${r.id}&action=rule.&actor=admin`,
    );
    expect(prefix.items).toHaveLength(3);
    const nobody = await s.reader.json<AuditLogPage>(
      'GET',
      `/audit-log?resourceId=${r.id}&actor=reader`,
    );
    expect(nobody.items).toHaveLength(0);

    // The range is taken from the entries themselves: the store's clock, not the test's.
    const created = byTarget.items[2];
    if (!created) throw new Error('the create entry is missing');
    const since = encodeURIComponent(new Date(Date.parse(created.at) + 1).toISOString());
    const later = await s.reader.json<AuditLogPage>(
      'GET',
      `/audit-log?resourceId=${r.id}&from=${since}`,
    );
    expect(later.items.map((e) => e.action)).not.toContain('rule.create');
    const before = await s.reader.json<AuditLogPage>(
      'GET',
      `/audit-log?resourceId=${r.id}&to=${encodeURIComponent(created.at)}`,
    );
    expect(before.items).toHaveLength(0);

    const first = await s.reader.json<AuditLogPage>('GET', `/audit-log?resourceId=${r.id}&limit=2`);
    expect(first.items).toHaveLength(2);
    const second = await s.reader.json<AuditLogPage>(
      'GET',
      `/audit-log?resourceId=${r.id}&limit=2&cursor=${first.nextCursor}`,
    );
    expect(second.items.map((e) => e.action)).toEqual(['rule.create']);
    expect(second.nextCursor).toBeNull();
  });

  it('declares both routes and the audit-log filters in the OpenAPI document', async () => {
    const res = await s.t.request('/api/v1/openapi.json');
    const doc = (await res.json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    expect(doc.paths['/rules/{id}/activity']?.get).toBeDefined();
    expect(doc.paths['/rules/{id}/history']?.get).toBeDefined();
    const names = doc.paths['/audit-log']?.get?.parameters?.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['actor', 'action', 'from', 'to', 'resourceId']));
  });
});
