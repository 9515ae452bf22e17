import type { Environment, Problem, Rule, RulePreviewResult } from '@gated/shared';
import { randomUUID } from 'node:crypto';
import { RuleInputSchema } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { insertRule } from '../../store/rules.repo.js';
import { awsEnvironment, ruleInput } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();
/** An explicitly empty header: the test client then sends no acknowledgement. */
const NO_ACK = { 'impact-acknowledged': '' };

describe.each(kinds)('rule guards on %s', (kind) => {
  const s = useSuite(kind);

  const preview = (rule: unknown, ruleId?: string) =>
    s.admin.json<RulePreviewResult>('POST', '/rules/preview', {
      rule,
      days: 7,
      ...(ruleId ? { ruleId } : {}),
    });

  it('refuses a new Deny rule with 428 until the preview of that draft is acknowledged', async () => {
    const draft = ruleInput('guard new deny');
    const refused = await s.admin.req('POST', '/rules', draft, NO_ACK);
    expect(refused.status).toBe(428);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as Problem).code).toBe('IMPACT_NOT_ACKNOWLEDGED');

    const other = await preview(ruleInput('x', { conditions: { cveIds: ['CVE-2024-3094'] } }));
    const wrong = await s.admin.req('POST', '/rules', draft, {
      'impact-acknowledged': other.acknowledgement ?? 'none',
    });
    expect(wrong.status).toBe(428);

    const { acknowledgement } = await preview(draft);
    expect(acknowledgement).toMatch(/^v1\./);
    const created = await s.admin.req('POST', '/rules', draft, {
      'impact-acknowledged': acknowledgement ?? '',
    });
    expect(created.status).toBe(201);
    // An Audit rule needs none.
    const audit = await s.admin.req(
      'POST',
      '/rules',
      ruleInput('guard audit', { action: 'Audit' }),
      NO_ACK,
    );
    expect(audit.status).toBe(201);
  });

  it('asks for the acknowledgement on Audit → Deny and on a wider Deny, not on a narrower one', async () => {
    const env = await s.admin.json<Environment>('POST', '/environments', awsEnvironment('g'), 201);
    const audit = ruleInput('guard edit', {
      action: 'Audit',
      scope: { name: 'one', cloudScopes: [env.id] },
    });
    const rule = await s.admin.json<Rule>('POST', '/rules', audit, 201, NO_ACK);
    const deny = { ...audit, action: 'Deny' as const };
    const put = (body: unknown, revision: number, headers: Record<string, string> = NO_ACK) =>
      s.admin.req('PUT', `/rules/${rule.id}`, body, { 'if-match': `"${revision}"`, ...headers });

    expect((await put(deny, 1)).status).toBe(428);
    const { acknowledgement } = await preview(deny, rule.id);
    expect((await put(deny, 1, { 'impact-acknowledged': acknowledgement ?? '' })).status).toBe(200);

    // Deny → Deny: a description edit or a narrower scope changes nothing that denies more.
    expect((await put({ ...deny, description: 'why' }, 2)).status).toBe(200);
    const narrower = {
      ...deny,
      description: 'why',
      scope: {
        ...deny.scope,
        resourceConditions: [{ kind: 'Namespace', match: 'StartsWith', value: 'prod-' }],
      },
    };
    expect((await put(narrower, 3)).status).toBe(200);
    // Wider: all cloud accounts instead of one.
    const wider = { ...narrower, scope: { ...narrower.scope, cloudScopes: [] } };
    const refused = await put(wider, 4);
    expect(refused.status).toBe(428);
    expect(((await refused.json()) as Problem).detail).toContain('block more');
    expect((await s.admin.json<Rule>('GET', `/rules/${rule.id}`)).scope.cloudScopes).toEqual([
      env.id,
    ]);
  });

  it('restores a deleted rule under its id with a new revision, once', async () => {
    const rule = await s.admin.json<Rule>('POST', '/rules', ruleInput('guard restore'), 201);
    await s.admin.json('POST', `/rules/${rule.id}/disable`);
    expect((await s.admin.req('DELETE', `/rules/${rule.id}`)).status).toBe(204);
    expect((await s.reader.req('POST', `/rules/${rule.id}/restore`)).status).toBe(403);

    const restored = await s.admin.req('POST', `/rules/${rule.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.headers.get('etag')).toBe('"3"');
    expect(await restored.json()).toMatchObject({
      id: rule.id,
      name: 'guard restore',
      enabled: false,
      revision: 3,
      createdAt: rule.createdAt,
    });
    const names = (await s.admin.json<{ items: Rule[] }>('GET', '/rules')).items.map((r) => r.name);
    expect(names).toContain('guard restore');
    expect((await s.admin.req('POST', `/rules/${rule.id}/restore`)).status).toBe(409);
    const audit = await s.admin.json<{ items: { action: string }[] }>(
      'GET',
      `/audit-log?resourceType=rule&resourceId=${rule.id}`,
    );
    expect(audit.items[0]?.action).toBe('rule.restore');
  });

  it('refuses to restore over a name taken since, and an id never deleted', async () => {
    const rule = await s.admin.json<Rule>('POST', '/rules', ruleInput('guard taken'), 201);
    await s.admin.json('DELETE', `/rules/${rule.id}`, undefined, 204);
    await s.admin.json('POST', '/rules', ruleInput('GUARD TAKEN'), 201);
    const res = await s.admin.req('POST', `/rules/${rule.id}/restore`);
    expect(res.status).toBe(409);
    expect(((await res.json()) as Problem).errors?.[0]?.path).toBe('name');
    const never = await s.admin.req('POST', '/rules/00000000-0000-4000-8000-000000000000/restore');
    expect(never.status).toBe(404);
  });
});

describe.each(kinds)('exemption expiry on save on %s', (kind) => {
  const s = useSuite(kind);
  // Fixed days far from any run date: 2001 has ended in every zone, 2999 has not begun.
  const exemption = (validUntil: string) => ({
    type: 'Namespace' as const,
    match: 'Equals' as const,
    value: 'legacy',
    validUntil,
    timeZone: 'Europe/Berlin',
  });

  it('refuses a new or moved expiry in the past with its field path, keeps an expired one as saved', async () => {
    const audit = { action: 'Audit' as const };
    const past = await s.admin.req(
      'POST',
      '/rules',
      ruleInput('expiry new', {
        ...audit,
        exemptions: [exemption('2999-12-31'), exemption('2001-01-31')],
      }),
    );
    expect(past.status).toBe(400);
    const problem = (await past.json()) as Problem;
    expect(problem.errors?.map((e) => e.path)).toEqual(['exemptions.1.validUntil']);

    const rule = await s.admin.json<Rule>(
      'POST',
      '/rules',
      ruleInput('expiry kept', { ...audit, exemptions: [exemption('2999-12-31')] }),
      201,
    );
    const moved = await s.admin.req(
      'PUT',
      `/rules/${rule.id}`,
      ruleInput('expiry kept', { ...audit, exemptions: [exemption('2001-01-31')] }),
      { 'if-match': '"1"' },
    );
    expect(moved.status).toBe(400);
    expect(((await moved.json()) as Problem).errors?.[0]?.path).toBe('exemptions.0.validUntil');
  });

  it('loads and saves a rule whose exemption expired since it was saved', async () => {
    // Stored directly, as if saved back when 2001 was still ahead.
    const stored = await insertRule(
      s.t.bff.deps.db,
      randomUUID(),
      RuleInputSchema.parse(
        ruleInput('expiry old', { action: 'Audit', exemptions: [exemption('2001-01-31')] }),
      ),
      'admin',
      new Date(),
    );
    const read = await s.reader.json<Rule>('GET', `/rules/${stored.id}`);
    expect(read.exemptions[0]?.validUntil).toBe('2001-01-31');
    const saved = await s.admin.json<Rule>(
      'PUT',
      `/rules/${stored.id}`,
      ruleInput('expiry old', {
        action: 'Audit',
        description: 'still editable',
        exemptions: [exemption('2001-01-31')],
      }),
      200,
      { 'if-match': '"1"' },
    );
    expect(saved).toMatchObject({ description: 'still editable', revision: 2 });
  });
});
