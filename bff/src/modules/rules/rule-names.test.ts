/**
 * Rule names are unique by ruleNameKey: look-alikes (NBSP, zero-width, Cyrillic, fullwidth,
 * NFC/NFD) are the same name; control characters are refused with a field path. Both stores.
 */
import type { Problem, Rule } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { ruleInput } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();

describe.each(kinds)('rule names on %s', (kind) => {
  const s = useSuite(kind);

  it('answers 409 to every look-alike of an existing name', async () => {
    await s.admin.json<Rule>('POST', '/rules', ruleInput('Block prod criticals café'), 201);
    for (const lookAlike of [
      'Block\u00a0prod criticals café',
      'Block prod crit\u200bicals café',
      'Block pr\u043ed criticals café',
      'Ｂｌｏｃｋ prod criticals café',
      'Block prod criticals cafe\u0301',
      'BLOCK PROD CRITICALS CAFÉ',
      'Block prod criti\u00adcals café',
      '\u202aBlock prod criticals café\u202c',
    ]) {
      const res = await s.admin.req('POST', '/rules', ruleInput(lookAlike));
      expect({ lookAlike, status: res.status }).toEqual({ lookAlike, status: 409 });
      expect(((await res.json()) as Problem).errors?.[0]?.path).toBe('name');
    }
    const all = await s.admin.json<{ items: Rule[] }>('GET', '/rules');
    expect(all.items.filter((r) => r.name.includes('criti'))).toHaveLength(1);
  });

  it('answers 409 when renaming a rule to a look-alike of another, and allows a look-alike of itself', async () => {
    await s.admin.json<Rule>('POST', '/rules', ruleInput('Audit staging'), 201);
    const other = await s.admin.json<Rule>('POST', '/rules', ruleInput('Audit dev'), 201);
    const rename = await s.admin.req('PUT', `/rules/${other.id}`, ruleInput('Audit st\u0430ging'), {
      'if-match': `"${other.revision}"`,
    });
    expect(rename.status).toBe(409);
    const self = await s.admin.req('PUT', `/rules/${other.id}`, ruleInput('AUDIT DEV'), {
      'if-match': `"${other.revision}"`,
    });
    expect(self.status).toBe(200);
  });

  it('refuses control characters in a name with 400 at path "name"', async () => {
    for (const name of ['bad\u0000name', 'bad\u001bname', 'bad\u009bname', 'bad\u007fname']) {
      const res = await s.admin.req('POST', '/rules', ruleInput(name));
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors?.map((e) => e.path)).toEqual(['name']);
    }
  });

  it('refuses an import document naming the same rule twice through a look-alike', async () => {
    const doc = {
      apiVersion: 'gated.dev/v1',
      kind: 'SecurityRuleList',
      rules: [ruleInput('Imported twice'), ruleInput('Imported tw\u0456ce')],
    };
    const res = await s.admin.req('POST', '/rules/import', doc);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors?.map((e) => e.path)).toEqual(['rules.1.name']);
  });

  it('updates the existing rule when an import names it through a look-alike', async () => {
    const existing = await s.admin.json<Rule>('POST', '/rules', ruleInput('Import target'), 201);
    const doc = {
      apiVersion: 'gated.dev/v1',
      kind: 'SecurityRuleList',
      rules: [ruleInput('Import\u00a0target', { action: 'Audit' })],
    };
    const result = await s.admin.json<{ created: number; updated: number }>(
      'POST',
      '/rules/import',
      doc,
    );
    expect(result).toMatchObject({ created: 0, updated: 1 });
    expect((await s.admin.json<Rule>('GET', `/rules/${existing.id}`)).action).toBe('Audit');
  });
});
