import { describe, expect, it } from 'vitest';
import { fieldErrorsFromZod } from '../errors/errors.js';
import { RuleInputSchema, type RuleInputDraft } from './rule.schema.js';

const valid: RuleInputDraft = {
  name: 'Block critical in prod',
  action: 'Deny',
  scope: {
    name: 'prod',
    resourceConditions: [{ kind: 'Namespace', match: 'StartsWith', value: 'prod' }],
  },
  conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
};

function errorsOf(input: unknown) {
  const r = RuleInputSchema.safeParse(input);
  return r.success ? [] : fieldErrorsFromZod(r.error);
}

describe('RuleInputSchema', () => {
  it('accepts a minimal rule and applies defaults', () => {
    const rule = RuleInputSchema.parse(valid);
    expect(rule.enabled).toBe(true);
    expect(rule.blockUnscanned).toBe(false);
    expect(rule.exemptions).toEqual([]);
    expect(rule.conditions.cveIds).toEqual([]);
    expect(rule.scope.cloudScopes).toEqual([]);
  });

  it('requires at least one condition', () => {
    expect(errorsOf({ ...valid, conditions: {} })).toEqual([
      {
        path: 'conditions',
        message:
          'Add at least one condition: a severity threshold, a CVE id, known exploited, an EPSS score or a maximum report age',
      },
    ]);
  });

  it.each([
    ['CVE-2024-3094', true],
    ['CVE-2021-44228', true],
    ['GHSA-jfh8-c2jp-5v3q', true],
    ['cve-2024-3094', false],
    ['CVE-24-1', false],
    ['GHSA-xxxx', false],
  ])('vulnerability id %s valid=%s', (id, ok) => {
    const errors = errorsOf({ ...valid, conditions: { cveIds: [id] } });
    expect(errors.length === 0).toBe(ok);
    if (!ok) expect(errors[0]?.path).toBe('conditions.cveIds.0');
  });

  it('refuses negative and fractional thresholds with the field path', () => {
    expect(
      errorsOf({
        ...valid,
        conditions: { severityThresholds: [{ severity: 'High', maxAllowed: -1 }] },
      }),
    ).toEqual([
      { path: 'conditions.severityThresholds.0.maxAllowed', message: 'Must be 0 or more' },
    ]);
    expect(
      errorsOf({
        ...valid,
        conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 1.5 }] },
      })[0]?.path,
    ).toBe('conditions.severityThresholds.0.maxAllowed');
  });

  it('refuses a severity used twice', () => {
    const errors = errorsOf({
      ...valid,
      conditions: {
        severityThresholds: [
          { severity: 'High', maxAllowed: 0 },
          { severity: 'High', maxAllowed: 2 },
        ],
      },
    });
    expect(errors).toEqual([
      { path: 'conditions.severityThresholds.1.severity', message: 'High is already used' },
    ]);
  });

  it('allows LabelSelector only with Equals/NotEquals and a parseable selector', () => {
    const scope = (match: string, value: string) => ({
      ...valid,
      scope: { name: 's', resourceConditions: [{ kind: 'LabelSelector', match, value }] },
    });
    expect(errorsOf(scope('Equals', 'app=web,env in (prod,staging)'))).toEqual([]);
    expect(errorsOf(scope('NotEquals', '!canary'))).toEqual([]);
    expect(errorsOf(scope('StartsWith', 'app=web')).map((e) => e.path)).toEqual([
      'scope.resourceConditions.0.match',
    ]);
    expect(errorsOf(scope('Equals', 'app in (a,')).map((e) => e.path)).toEqual([
      'scope.resourceConditions.0.value',
    ]);
  });

  it('requires a zone with a time-bound exemption and a real calendar date', () => {
    const withExemption = (e: object) => ({
      ...valid,
      exemptions: [{ type: 'CVE', match: 'Equals', value: 'CVE-2024-1', ...e }],
    });
    expect(
      errorsOf(withExemption({ validUntil: '2026-12-31', timeZone: 'Europe/Berlin' })),
    ).toEqual([]);
    expect(errorsOf(withExemption({ validUntil: '2026-12-31' })).map((e) => e.path)).toEqual([
      'exemptions.0.timeZone',
    ]);
    expect(errorsOf(withExemption({ timeZone: 'Europe/Berlin' })).map((e) => e.path)).toEqual([
      'exemptions.0.validUntil',
    ]);
    expect(
      errorsOf(withExemption({ validUntil: '2026-02-30', timeZone: 'UTC' })).map((e) => e.path),
    ).toEqual(['exemptions.0.validUntil']);
    expect(
      errorsOf(withExemption({ validUntil: '2026-12-31', timeZone: 'Mars/Olympus' })).map(
        (e) => e.path,
      ),
    ).toEqual(['exemptions.0.timeZone']);
  });

  it('refuses unknown fields and wrong types', () => {
    expect(errorsOf({ ...valid, colour: 'red' })[0]?.path).toBe('');
    expect(errorsOf({ ...valid, action: 'Block' })[0]?.path).toBe('action');
    expect(errorsOf({ ...valid, name: '' })[0]).toEqual({
      path: 'name',
      message: 'Give the rule a name',
    });
    expect(errorsOf({ ...valid, name: 'x'.repeat(101) })[0]?.path).toBe('name');
  });

  it('refuses NotEquals in exemptions (they only compare positively)', () => {
    const errors = errorsOf({
      ...valid,
      exemptions: [{ type: 'Namespace', match: 'NotEquals', value: 'dev' }],
    });
    expect(errors.map((e) => e.path)).toEqual(['exemptions.0.match']);
  });
});
