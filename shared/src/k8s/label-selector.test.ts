import { describe, expect, it } from 'vitest';
import {
  labelSelectorMatches,
  parseLabelSelector,
  type LabelRequirement,
} from './label-selector.js';

function parse(selector: string): LabelRequirement[] {
  const r = parseLabelSelector(selector);
  if ('error' in r) throw new Error(r.error);
  return r;
}

const labels = { app: 'web', tier: 'frontend', 'app.kubernetes.io/name': 'shop' };

describe('label selectors (kubectl -l syntax)', () => {
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web,api)', true],
    ['app in (db, api)', false],
    ['app notin (db,api)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['app.kubernetes.io/name=shop, env in (prod,staging)', false],
    ['app.kubernetes.io/name=shop,!canary', true],
  ])('%s selects %o: %s', (selector, expected) => {
    expect(labelSelectorMatches(parse(selector), labels)).toBe(expected);
  });

  it('parses set-based and equality requirements into In/NotIn/Exists/DoesNotExist', () => {
    expect(parse('env in (prod, staging),tier!=db,!canary,team')).toEqual([
      { key: 'env', operator: 'In', values: ['prod', 'staging'] },
      { key: 'tier', operator: 'NotIn', values: ['db'] },
      { key: 'canary', operator: 'DoesNotExist' },
      { key: 'team', operator: 'Exists' },
    ]);
  });

  it.each(['', 'app=web,', '=web', 'app in prod', 'app=we b', '-bad=x', 'app in (a,!b)'])(
    'rejects %j',
    (selector) => {
      expect('error' in (parseLabelSelector(selector) as object)).toBe(true);
    },
  );
});
