import { RuleInputSchema } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import {
  changedFields,
  emptyRuleForm,
  mergeOntoLatest,
  ruleToFormValues,
  stepIndexOfPath,
  toRuleInput,
} from './rule-form';

describe('form mapping', () => {
  it('an empty form is refused by the schema for name, scope name and conditions', () => {
    const r = RuleInputSchema.safeParse(emptyRuleForm());
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'scope.name']));
  });

  it('round-trips a rule through form values and leaves out empty optional texts', () => {
    const input = RuleInputSchema.parse({
      name: 'r',
      action: 'Audit',
      scope: { name: 's' },
      conditions: { cveIds: ['CVE-2024-3094'] },
      exemptions: [
        {
          type: 'Namespace',
          match: 'Equals',
          value: 'dev',
          validUntil: '2026-12-31',
          timeZone: 'Europe/Berlin',
          reason: 'migration',
        },
      ],
    });
    const values = ruleToFormValues(input);
    expect(values.description).toBe('');
    expect(values.exemptions?.[0]?.ticket).toBe('');
    const back = toRuleInput(RuleInputSchema.parse(values));
    expect(back).toEqual(input);
    expect('description' in back).toBe(false);
    expect(back.exemptions[0]).not.toHaveProperty('ticket');
  });

  it('finds the step of a server field path', () => {
    expect(stepIndexOfPath('name')).toBe(0);
    expect(stepIndexOfPath('scope.resourceConditions.0.value')).toBe(1);
    expect(stepIndexOfPath('conditions')).toBe(2);
    expect(stepIndexOfPath('exemptions.3.timeZone')).toBe(3);
    expect(stepIndexOfPath('')).toBe(0);
  });

  it('merges my edited fields onto the latest revision, keeping their other changes', () => {
    const base = emptyRuleForm();
    const mine = { ...base, name: 'mine', description: 'old' };
    const theirs = { ...base, name: 'old', description: 'theirs' };
    expect(changedFields(mine, { ...base, description: 'old' })).toEqual(['name']);
    expect(
      mergeOntoLatest(mine, theirs, changedFields(mine, { ...base, description: 'old' })),
    ).toMatchObject({
      name: 'mine',
      description: 'theirs',
    });
  });
});
