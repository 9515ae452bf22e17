import { describe, expect, it } from 'vitest';
import { TtlLru } from './ttl-lru.js';

describe('TtlLru', () => {
  it('evicts entries not read since insertion before entries that were read', () => {
    const lru = new TtlLru<string, number>(3);
    lru.set('a', 1, 1000, 0);
    lru.set('b', 2, 1000, 0);
    lru.set('c', 3, 1000, 0);
    lru.get('a', 0);
    lru.set('d', 4, 1000, 0);
    expect(lru.get('a', 0)?.value).toBe(1);
    expect(lru.get('b', 0)).toBeUndefined();
    expect(lru.size).toBe(3);
  });

  it('flags refresh-ahead at 80 % of the TTL and expiry at 100 %', () => {
    const lru = new TtlLru<string, number>(10);
    lru.set('k', 1, 1000, 0);
    expect(lru.get('k', 500)).toMatchObject({ refreshDue: false, expired: false });
    expect(lru.get('k', 800)).toMatchObject({ refreshDue: true, expired: false });
    expect(lru.get('k', 1000)).toMatchObject({ refreshDue: true, expired: true });
  });
});
