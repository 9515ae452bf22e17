import type {
  AuditEntry,
  Problem,
  Rule,
  RuleBulkResult,
  RuleImportPreview,
  RuleImportResult,
} from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { ruleInput } from '../../testing/fixtures.js';
import type { Caller } from '../../testing/test-bff.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();
const YAML = { 'content-type': 'application/yaml' };

const doc = (rules: string) => `apiVersion: gated.dev/v1\nkind: SecurityRuleList\nrules:\n${rules}`;
const yamlRule = (name: string, action = 'Deny', cve = 'CVE-2024-3094') =>
  `  - name: ${name}\n    action: ${action}\n    scope: { name: all }\n    conditions: { cveIds: [${cve}] }\n`;

describe.each(kinds)('rules at scale on %s, over HTTP', (kind) => {
  const s = useSuite(kind);

  /** The caller's request, sent to the BFF listening on a loopback port (not in-process). */
  const http = async (who: Caller, method: string, path: string, body?: string, headers = {}) =>
    fetch(`${await s.t.listen()}/api/v1${path}`, {
      method,
      headers: { ...who.headers, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
  const names = async () =>
    (await s.admin.json<{ items: Rule[] }>('GET', '/rules')).items.map((r) => r.name);

  it('previews per rule (create, change with fields, unchanged, refuse with paths) and writes nothing', async () => {
    await s.admin.json('POST', '/rules', ruleInput('preview kept', { action: 'Audit' }), 201);
    await s.admin.json('POST', '/rules', ruleInput('preview same'), 201);
    const before = await names();
    const text = doc(
      yamlRule('preview new') +
        yamlRule('PREVIEW KEPT', 'Deny') +
        `  - name: preview same\n    action: Deny\n    scope: { name: all }\n    conditions: { severityThresholds: [{ severity: Critical, maxAllowed: 0 }] }\n` +
        yamlRule('preview bad', 'Block'),
    );
    const res = await http(s.admin, 'POST', '/rules/import/preview', text, YAML);
    expect(res.status).toBe(200);
    const preview = (await res.json()) as RuleImportPreview;
    expect(preview.valid).toBe(false);
    expect(preview.summary).toEqual({ create: 1, change: 1, unchanged: 1, refuse: 1 });
    expect(preview.rules.map((r) => r.outcome)).toEqual([
      'create',
      'change',
      'unchanged',
      'refuse',
    ]);
    const changed = preview.rules[1];
    expect(changed?.changes).toEqual(
      expect.arrayContaining([
        { path: 'action', before: 'Audit', after: 'Deny' },
        { path: 'name', before: 'preview kept', after: 'PREVIEW KEPT' },
        expect.objectContaining({ path: 'conditions.cveIds' }),
      ]),
    );
    expect(preview.rules[3]?.errors.map((e) => e.path)).toContain('rules.3.action');
    expect(await names()).toEqual(before);

    // The commit agrees: one refused rule refuses them all.
    const refused = await http(s.admin, 'POST', '/rules/import', text, YAML);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).errors?.map((e) => e.path)).toContain(
      'rules.3.action',
    );
    expect(await names()).toEqual(before);

    const good = doc(yamlRule('preview new') + yamlRule('PREVIEW KEPT', 'Deny'));
    const ok = (await (
      await http(s.admin, 'POST', '/rules/import/preview', good, YAML)
    ).json()) as RuleImportPreview;
    expect(ok).toMatchObject({ valid: true, summary: { create: 1, change: 1, refuse: 0 } });
    const applied = (await (
      await http(s.admin, 'POST', '/rules/import', good, YAML)
    ).json()) as RuleImportResult;
    expect(applied).toMatchObject({ applied: true, created: 1, updated: 1 });
    // Importing the same document again changes nothing: no revision, no audit entry.
    const kept = (await s.admin.json<{ items: Rule[] }>('GET', '/rules')).items.find(
      (r) => r.name === 'PREVIEW KEPT',
    );
    const again = (await (
      await http(s.admin, 'POST', '/rules/import', good, YAML)
    ).json()) as RuleImportResult;
    expect(again).toMatchObject({ created: 0, updated: 0 });
    expect((await s.admin.json<Rule>('GET', `/rules/${kept?.id ?? ''}`)).revision).toBe(
      kept?.revision,
    );
  });

  it('reports a document that is not a rules list, and refuses the preview to readers', async () => {
    const notYaml = (await (
      await http(s.admin, 'POST', '/rules/import/preview', 'rules: [unclosed', YAML)
    ).json()) as RuleImportPreview;
    expect(notYaml.valid).toBe(false);
    expect(notYaml.detail).toMatch(/Not valid YAML/);
    const wrongKind = (await (
      await http(s.admin, 'POST', '/rules/import/preview', JSON.stringify({ kind: 'ConfigMap' }))
    ).json()) as RuleImportPreview;
    expect(wrongKind.documentErrors.map((e) => e.path)).toContain('apiVersion');
    const reader = await http(s.reader, 'POST', '/rules/import/preview', doc(yamlRule('r')), YAML);
    expect(reader.status).toBe(403);
  });

  it('bounds the document size: 413 past 1 MiB, nothing created', async () => {
    const before = await names();
    const padding = `# ${'x'.repeat(1024 * 1024)}\n`;
    for (const path of ['/rules/import/preview', '/rules/import']) {
      const res = await http(s.admin, 'POST', path, padding + doc(yamlRule('too big')), YAML);
      expect(res.status).toBe(413);
      expect(((await res.json()) as Problem).code).toBe('PAYLOAD_TOO_LARGE');
    }
    expect(await names()).toEqual(before);
  });

  it('enables, disables and deletes several rules atomically, audited per rule', async () => {
    const a = await s.admin.json<Rule>('POST', '/rules', ruleInput('bulk a'), 201);
    const b = await s.admin.json<Rule>('POST', '/rules', ruleInput('bulk b'), 201);
    const c = await s.admin.json<Rule>(
      'POST',
      '/rules',
      ruleInput('bulk c', { enabled: false }),
      201,
    );
    const body = (action: string, ids: string[]) => JSON.stringify({ action, ids });

    const disabled = (await (
      await http(s.admin, 'POST', '/rules/bulk', body('disable', [a.id, b.id, c.id]))
    ).json()) as RuleBulkResult;
    expect(disabled.items.map((i) => i.outcome)).toEqual(['updated', 'updated', 'unchanged']);
    expect((await s.admin.json<Rule>('GET', `/rules/${a.id}`)).enabled).toBe(false);
    const audit = await s.admin.json<{ items: AuditEntry[] }>(
      'GET',
      `/audit-log?resourceType=rule&resourceId=${b.id}`,
    );
    expect(audit.items.map((e) => e.action)).toContain('rule.disable');

    // One missing id: 404 naming it, and nothing changes.
    const missing = '00000000-0000-4000-8000-000000000000';
    const refused = await http(s.admin, 'POST', '/rules/bulk', body('enable', [a.id, missing]));
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as Problem).errors).toEqual([
      expect.objectContaining({ path: 'ids.1' }),
    ]);
    expect((await s.admin.json<Rule>('GET', `/rules/${a.id}`)).enabled).toBe(false);

    const reader = await http(s.reader, 'POST', '/rules/bulk', body('delete', [a.id]));
    expect(reader.status).toBe(403);
    const invalid = await http(s.admin, 'POST', '/rules/bulk', body('archive', [a.id, a.id]));
    expect(invalid.status).toBe(400);

    const deleted = (await (
      await http(s.admin, 'POST', '/rules/bulk', body('delete', [a.id, c.id]))
    ).json()) as RuleBulkResult;
    expect(deleted.items.map((i) => i.outcome)).toEqual(['deleted', 'deleted']);
    expect(await names()).not.toContain('bulk a');
    expect(await names()).toContain('bulk b');
  });
});
