import { formatRuleExport, RuleInputSchema } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { ruleInput } from '../testing/fixtures.js';
import { jsonDepthExceeds, yamlDepthExceeds } from './body-depth.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('jsonDepthExceeds', () => {
  it('counts brackets and braces, not those inside strings or after escaped quotes', () => {
    expect(jsonDepthExceeds(bytes('{"a":[[1]]}'), 3)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":[[[1]]]}'), 3)).toBe(true);
    expect(jsonDepthExceeds(bytes('{"a":"[[[[[[","b":"\\"[[[["}'), 1)).toBe(false);
  });

  it('measures 200,000 levels without overflowing the stack', () => {
    expect(jsonDepthExceeds(bytes('['.repeat(200_000)), 64)).toBe(true);
  });
});

describe('yamlDepthExceeds', () => {
  it('lets a real policy-as-code export through', () => {
    const rule = RuleInputSchema.parse(
      ruleInput('r', {
        scope: {
          name: 's',
          resourceConditions: [{ kind: 'Namespace', match: 'Equals', value: 'prod' }],
        },
      }),
    );
    const text = formatRuleExport([rule, rule], ['registry.local:5000']);
    expect(yamlDepthExceeds(text, 12)).toBe(false);
  });

  it('counts block indentation, compact sequences and flow brackets', () => {
    expect(yamlDepthExceeds('- '.repeat(100) + 'x', 64)).toBe(true);
    expect(yamlDepthExceeds(`a: ${'['.repeat(100)}`, 64)).toBe(true);
    const indented = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(yamlDepthExceeds(indented, 64)).toBe(true);
    expect(yamlDepthExceeds('a: "[[[[[[[[[["  # [[[[[[[[', 3)).toBe(false);
  });

  it('scans a megabyte of hostile YAML in one linear pass', () => {
    expect(yamlDepthExceeds('- '.repeat(500_000), 64)).toBe(true);
    expect(yamlDepthExceeds('{'.repeat(1_000_000), 64)).toBe(true);
  });
});
