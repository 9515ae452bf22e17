import { describe, expect, it } from 'vitest';
import { formatRuleExport, parseRuleExport } from './rule-export.js';
import { RuleInputSchema } from './rule.schema.js';

const rule = RuleInputSchema.parse({
  name: 'Audit high',
  action: 'Audit',
  scope: { name: 'all' },
  conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 0 }] },
  exemptions: [
    {
      type: 'Namespace',
      match: 'Equals',
      value: 'dev',
      validUntil: '2026-12-31',
      timeZone: 'Europe/Berlin',
    },
  ],
});

describe('policy as code', () => {
  it('round-trips rules through YAML', () => {
    const text = formatRuleExport([rule], ['docker.io']);
    const parsed = parseRuleExport(text);
    expect(parsed).toEqual({
      ok: true,
      value: { ungatedRegistries: ['docker.io'], rules: [rule] },
    });
  });

  it('reads JSON too', () => {
    const parsed = parseRuleExport(
      JSON.stringify({ apiVersion: 'gated.dev/v1', kind: 'SecurityRuleList', rules: [rule] }),
    );
    expect(parsed.ok).toBe(true);
  });

  it('reports every invalid rule and applies nothing', () => {
    const text = JSON.stringify({
      apiVersion: 'gated.dev/v1',
      kind: 'SecurityRuleList',
      rules: [rule, { ...rule, name: 'bad', conditions: {} }, { ...rule, name: 'AUDIT HIGH' }],
    });
    const parsed = parseRuleExport(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => [e.index, e.errors[0]?.path])).toEqual([
      [1, 'conditions'],
      [2, 'name'],
    ]);
  });

  it('refuses a document of the wrong kind and broken YAML without throwing', () => {
    expect(parseRuleExport('apiVersion: v1\nkind: ConfigMap\n').ok).toBe(false);
    expect(parseRuleExport('rules: [unclosed').ok).toBe(false);
    expect(parseRuleExport('a: &a [*a]').ok).toBe(false);
  });
});
