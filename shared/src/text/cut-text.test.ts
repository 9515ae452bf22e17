import { describe, expect, it } from 'vitest';
import { cutText } from './cut-text.js';

const LONE_HALF = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('cutText', () => {
  it('cuts at the length, or before a surrogate pair it would split', () => {
    expect(cutText('abcdef', 3)).toBe('abc');
    expect(cutText('abc', 3)).toBe('abc');
    expect(cutText('ab😀cd', 3)).toBe('ab');
    expect(cutText('ab😀cd', 4)).toBe('ab😀');
    for (let max = 1; max < 40; max++) expect(cutText('😀'.repeat(20), max)).not.toMatch(LONE_HALF);
  });
});
