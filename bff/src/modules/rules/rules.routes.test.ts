import type { Problem, Rule, RuleImportResult } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ruleInput } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();

describe.each(kinds)('rules on %s', (kind) => {
  const s = useSuite(kind);

  it('creates, reads with ETag, updates with If-Match, enables/disables and deletes', async () => {
    const res = await s.admin.req('POST', '/rules', ruleInput('crud'));
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    const rule = (await res.json()) as Rule;
    expect(rule).toMatchObject({
      name: 'crud',
      enabled: true,
      blockUnscanned: false,
      revision: 1,
      createdBy: 'admin',
    });
    const get = await s.reader.req('GET', `/rules/${rule.id}`);
    expect(get.headers.get('etag')).toBe('"1"');
    const updated = await s.admin.json<Rule>(
      'PUT',
      `/rules/${rule.id}`,
      ruleInput('crud', { action: 'Audit' }),
      200,
      { 'if-match': '"1"' },
    );
    expect(updated).toMatchObject({ action: 'Audit', revision: 2 });
    const disabled = await s.admin.json<Rule>('POST', `/rules/${rule.id}/disable`);
    expect(disabled).toMatchObject({ enabled: false, revision: 3 });
    expect((await s.admin.json<Rule>('POST', `/rules/${rule.id}/enable`)).enabled).toBe(true);
    expect((await s.admin.req('DELETE', `/rules/${rule.id}`)).status).toBe(204);
    expect((await s.admin.req('GET', `/rules/${rule.id}`)).status).toBe(404);
  });

  it('answers 412 on a stale If-Match and 428 without one', async () => {
    const rule = await s.admin.json<Rule>('POST', '/rules', ruleInput('concurrency'), 201);
    await s.admin.json(
      'PUT',
      `/rules/${rule.id}`,
      ruleInput('concurrency', { description: 'first' }),
      200,
      { 'if-match': '"1"' },
    );
    const stale = await s.admin.req(
      'PUT',
      `/rules/${rule.id}`,
      ruleInput('concurrency', { description: 'lost' }),
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as Problem).code).toBe('PRECONDITION_FAILED');
    expect((await s.admin.req('PUT', `/rules/${rule.id}`, ruleInput('concurrency'))).status).toBe(
      428,
    );
    expect((await s.admin.json<Rule>('GET', `/rules/${rule.id}`)).description).toBe('first');
  });

  it('keeps names unique case-insensitively with 409 on name', async () => {
    await s.admin.json('POST', '/rules', ruleInput('Unique Name'), 201);
    const res = await s.admin.req('POST', '/rules', ruleInput('unique name'));
    expect(res.status).toBe(409);
    expect(((await res.json()) as Problem).errors?.[0]?.path).toBe('name');
    const other = await s.admin.json<Rule>('POST', '/rules', ruleInput('other name'), 201);
    expect(
      (
        await s.admin.req('PUT', `/rules/${other.id}`, ruleInput('UNIQUE NAME'), {
          'if-match': '"1"',
        })
      ).status,
    ).toBe(409);
  });

  it('refuses invalid rules with field paths (shared schema rules)', async () => {
    const res = await s.admin.req(
      'POST',
      '/rules',
      ruleInput('bad', { conditions: { severityThresholds: [], cveIds: ['CVE-12'] } }),
    );
    expect(res.status).toBe(400);
    const paths = ((await res.json()) as Problem).errors?.map((e) => e.path);
    expect(paths).toContain('conditions.cveIds.0');
  });

  it('exports YAML and JSON and imports all-or-nothing', async () => {
    await s.admin.json('POST', '/rules', ruleInput('exported'), 201);
    const yamlRes = await s.reader.req('GET', '/rules/export');
    expect(yamlRes.headers.get('content-type')).toContain('yaml');
    const doc = parse(await yamlRes.text()) as { kind: string; rules: { name: string }[] };
    expect(doc.kind).toBe('SecurityRuleList');
    expect(doc.rules.map((r) => r.name)).toContain('exported');
    const jsonDoc = await s.reader.json<{ rules: { name: string }[] }>(
      'GET',
      '/rules/export?format=json',
    );
    expect(jsonDoc.rules.length).toBe(doc.rules.length);

    const before = (await s.admin.json<{ items: Rule[] }>('GET', '/rules')).items.length;
    const bad = `apiVersion: gated.dev/v1\nkind: SecurityRuleList\nrules:\n  - name: imported ok\n    action: Deny\n    scope: { name: all }\n    conditions: { cveIds: [CVE-2024-3094] }\n  - name: imported bad\n    action: Block\n    scope: { name: all }\n    conditions: { cveIds: [CVE-2024-3094] }\n`;
    const refused = await s.admin.req('POST', '/rules/import', bad, {
      'content-type': 'application/yaml',
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).errors?.map((e) => e.path)).toContain(
      'rules.1.action',
    );
    expect((await s.admin.json<{ items: Rule[] }>('GET', '/rules')).items.length).toBe(before);

    const good = bad
      .replace('action: Block', 'action: Audit')
      .replace('name: exported', 'name: exported');
    const result = await s.admin.json<RuleImportResult>('POST', '/rules/import', good, 200, {
      'content-type': 'application/yaml',
    });
    expect(result).toMatchObject({ applied: true, created: 2, updated: 0 });
    const asJson = {
      apiVersion: 'gated.dev/v1',
      kind: 'SecurityRuleList',
      rules: [{ ...ruleInput('IMPORTED OK'), description: 'updated by import' }],
    };
    const again = await s.admin.json<RuleImportResult>('POST', '/rules/import', asJson);
    expect(again).toMatchObject({ applied: true, created: 0, updated: 1 });
    const names = (await s.admin.json<{ items: Rule[] }>('GET', '/rules')).items.map((r) => r.name);
    expect(names).toContain('IMPORTED OK');
    expect(names.length).toBe(before + 2);
  });
});
