import { describe, expect, it } from 'vitest';
import { RuleInputSchema } from './rule.schema.js';
import { ruleNameKey } from './rule-name.js';

const base = {
  action: 'Deny',
  scope: { name: 'all' },
  conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
};

describe('ruleNameKey', () => {
  it.each([
    ['NBSP', 'Deny\u00a0criticals'],
    ['zero-width space', 'Deny crit\u200bicals'],
    ['zero-width joiner', 'Deny\u200d criticals'],
    ['soft hyphen', 'Deny criti\u00adcals'],
    ['bidi override', '\u202eDeny criticals\u202c'],
    ['Cyrillic е and а', 'D\u0435ny critic\u0430ls'],
    ['Cyrillic upper С', 'Deny \u0421riticals'],
    ['Greek ι', 'Deny cr\u03b9ticals'],
    ['fullwidth', 'Ｄｅｎｙ ｃｒｉｔｉｃａｌｓ'],
    ['upper case', 'DENY CRITICALS'],
    ['doubled space', 'Deny   criticals'],
    ['ideographic space', 'Deny\u3000criticals'],
  ])('%s collides with the plain name', (_what, lookAlike) => {
    expect(ruleNameKey(lookAlike)).toBe(ruleNameKey('Deny criticals'));
  });

  it('keeps composed and decomposed accents together, but apart from no accent', () => {
    expect(ruleNameKey('Caf\u00e9')).toBe(ruleNameKey('Cafe\u0301'));
    expect(ruleNameKey('Café')).not.toBe(ruleNameKey('Cafe'));
  });

  it('maps Cyrillic and Greek look-alikes to the Latin letter', () => {
    expect(ruleNameKey('\u0440\u043e\u0441')).toBe('poc');
    expect(ruleNameKey('\u0391\u0392\u0395')).toBe('abe');
    expect(ruleNameKey('Stra\u00dfe')).toBe(ruleNameKey('STRASSE'));
  });

  it('tells different names apart', () => {
    expect(ruleNameKey('Deny criticals')).not.toBe(ruleNameKey('Deny critical'));
    expect(ruleNameKey('prod-1')).not.toBe(ruleNameKey('prod-2'));
  });
});

describe('rule names in RuleInputSchema', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['tab', 'a\tb'],
    ['newline inside', 'a\nb'],
    ['DEL', 'a\u007fb'],
    ['C1 CSI', 'a\u009bb'],
  ])('refuses a name with %s at path "name"', (_what, name) => {
    const r = RuleInputSchema.safeParse({ ...base, name });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['name']);
  });

  it('refuses a name made only of invisible characters', () => {
    const r = RuleInputSchema.safeParse({ ...base, name: '\u200b\u200d' });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['name']);
  });

  it('accepts ordinary names, accents and non-Latin scripts', () => {
    for (const name of ['Deny criticals', 'Café rule', 'Правило', '規則 1'])
      expect(RuleInputSchema.safeParse({ ...base, name }).success).toBe(true);
  });
});
