import { describe, expect, it } from 'vitest';
import { EventQueue } from './queue.js';

describe('EventQueue', () => {
  it('keeps order and drops the oldest when full, counting drops', () => {
    let reported = 0;
    const q = new EventQueue<number>(3, (n) => (reported += n));
    for (let i = 1; i <= 5; i++) q.push(i);
    expect(q.depth).toBe(3);
    expect(q.dropped).toBe(2);
    expect(reported).toBe(2);
    expect(q.take(10)).toEqual([3, 4, 5]);
    expect(q.depth).toBe(0);
  });

  it('puts a failed batch back at the front; what no longer fits is dropped oldest-first', () => {
    const q = new EventQueue<number>(4);
    [1, 2, 3].forEach((n) => q.push(n));
    const batch = q.take(2);
    q.push(4);
    q.push(5);
    q.returnToFront(batch);
    expect(q.dropped).toBe(1);
    expect(q.take(10)).toEqual([2, 3, 4, 5]);
  });

  it('rejects a capacity below one', () => {
    expect(() => new EventQueue(0)).toThrow();
  });
});
