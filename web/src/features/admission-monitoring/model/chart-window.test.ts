import { describe, expect, it } from 'vitest';
import { bucketFor, chartWindowFor } from './chart-window';

const T0 = Date.parse('2031-05-01T00:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('chartWindowFor', () => {
  it('zooms a 7-day range onto twelve minutes of data, in minute buckets', () => {
    const last = T0 + 7 * DAY - 60_000;
    const w = chartWindowFor({ first: iso(last - 12 * 60_000), last: iso(last) }, T0, T0 + 7 * DAY);
    expect(w).toEqual({
      from: iso(last - 17 * 60_000),
      to: iso(T0 + 7 * DAY),
      bucket: '1m',
    });
  });

  it('keeps the range when the data covers most of it, or when there is none', () => {
    expect(
      chartWindowFor({ first: iso(T0 + DAY), last: iso(T0 + 6 * DAY) }, T0, T0 + 7 * DAY),
    ).toBe(null);
    expect(chartWindowFor(null, T0, T0 + 7 * DAY)).toBe(null);
  });

  it('picks coarser buckets for wider windows', () => {
    expect([
      bucketFor(2 * 3_600_000),
      bucketFor(6 * 3_600_000),
      bucketFor(3 * DAY),
      bucketFor(20 * DAY),
    ]).toEqual(['1m', '5m', '1h', '1d']);
  });
});
