import { describe, expect, it } from 'vitest';
import { matchValue, SEVERITIES, severityRank } from './condition.schema.js';

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
