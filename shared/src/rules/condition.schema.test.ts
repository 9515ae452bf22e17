import { describe, expect, it } from 'vitest';
import { matchValue, RuleConditionsSchema, SEVERITIES, severityRank } from './condition.schema.js';

describe('severityRank', () => {
  it('ranks the severities strictly, most severe highest', () => {
    expect(SEVERITIES.map(severityRank)).toEqual([4, 3, 2, 1]);
  });

  it('ranks anything it does not know below Low', () => {
    for (const unknown of ['Unknown', 'critical', 'CRITICAL', '', 'Negligible']) {
      expect(severityRank(unknown)).toBe(0);
    }
  });
});

describe('matchValue', () => {
  const cases: [Parameters<typeof matchValue>[0], string, string, boolean][] = [
    ['Equals', 'payments', 'payments', true],
    ['Equals', 'payments', 'payment', false],
    ['Equals', 'Payments', 'payments', false],
    ['NotEquals', 'payments', 'payments', false],
    ['NotEquals', 'payments', 'shop', true],
    ['StartsWith', 'prod-eu', 'prod-', true],
    ['StartsWith', 'eu-prod-1', 'prod-', false],
    ['StartsWith', 'Prod-eu', 'prod-', false],
    ['EndsWith', 'team/app', '/app', true],
    ['EndsWith', 'team/app-2', '/app', false],
    ['Contains', 'myregistry.azurecr.io/team/app', 'team', true],
    ['Contains', 'myregistry.azurecr.io/ops/app', 'team', false],
    ['Contains', 'anything', '', true],
    ['StartsWith', 'anything', '', true],
    ['Equals', '', '', true],
  ];

  it.each(cases)('%s(%j, %j) is %s', (match, actual, expected, result) => {
    expect(matchValue(match, actual, expected)).toBe(result);
  });
});

describe('conditions that match how teams decide (docs/decisions/080)', () => {
  const parse = (c: unknown) => RuleConditionsSchema.safeParse(c);
  it('accepts each new condition on its own', () => {
    expect(parse({ knownExploited: true }).success).toBe(true);
    expect(parse({ epssAtLeast: 0.5 }).success).toBe(true);
    expect(parse({ epssAtLeast: 0 }).success).toBe(true);
    expect(parse({ maxReportAgeDays: 30 }).success).toBe(true);
    expect(
      parse({ severityThresholds: [{ severity: 'High', maxAllowed: 0, fixableOnly: true }] })
        .success,
    ).toBe(true);
  });
  it('does not count knownExploited: false as a condition', () => {
    expect(parse({ knownExploited: false }).success).toBe(false);
  });
  it.each([
    [{ epssAtLeast: 1.01 }, ['epssAtLeast']],
    [{ epssAtLeast: -0.1 }, ['epssAtLeast']],
    [{ maxReportAgeDays: 0 }, ['maxReportAgeDays']],
    [{ maxReportAgeDays: 1.5 }, ['maxReportAgeDays']],
    [{ maxReportAgeDays: 3651 }, ['maxReportAgeDays']],
  ])('refuses %j at its field', (c, path) => {
    const r = parse(c);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toContainEqual(path);
  });
});
