import { describe, expect, it } from 'vitest';
import { parseImageReferenceCached } from './parse-cache.js';

describe('parseImageReferenceCached', () => {
  it('answers a repeated reference from its memo', () => {
    const first = parseImageReferenceCached('myacr.azurecr.io/shop/api:1.4');
    expect(parseImageReferenceCached('myacr.azurecr.io/shop/api:1.4')).toBe(first);
    expect(first).toMatchObject({ normalized: 'myacr.azurecr.io/shop/api:1.4' });
  });

  it('does not keep a reference longer than the parser accepts (each is parsed again, refused)', () => {
    const huge = `shop/${'a'.repeat(2_000_000)}:1`;
    const first = parseImageReferenceCached(huge);
    expect(first).toHaveProperty('error');
    expect(parseImageReferenceCached(huge)).not.toBe(first);
    expect(parseImageReferenceCached(huge)).toEqual(first);
  });
});
