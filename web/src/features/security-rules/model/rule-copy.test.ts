import { describe, expect, it } from 'vitest';
import { copyName } from './rule-copy';

describe('copyName', () => {
  it('appends (copy), then numbers it past names already taken, ignoring case', () => {
    expect(copyName('Deny critical', ['Deny critical'])).toBe('Deny critical (copy)');
    expect(copyName('Deny critical', ['Deny critical', 'deny CRITICAL (copy)'])).toBe(
      'Deny critical (copy 2)',
    );
    expect(copyName('Deny critical', ['Deny critical (copy)', 'Deny critical (copy 2)'])).toBe(
      'Deny critical (copy 3)',
    );
  });

  it('stays within 100 characters', () => {
    const long = 'x'.repeat(100);
    const copy = copyName(long, [long]);
    expect(copy).toHaveLength(100);
    expect(copy.endsWith(' (copy)')).toBe(true);
  });
});
