import { describe, expect, it } from 'vitest';
import { LatencyWindow } from './latency-window.js';

describe('LatencyWindow', () => {
  it('gives quantiles of the most recent values only', () => {
    const w = new LatencyWindow(100);
    expect(w.quantile(0.99)).toBeNull();
    for (let i = 1; i <= 100; i++) w.observe(i);
    expect(w.quantile(0.99)).toBe(99);
    expect(w.quantile(0.5)).toBe(50);
    for (let i = 0; i < 100; i++) w.observe(1);
    expect(w.quantile(0.99)).toBe(1);
  });
});
