import { describe, expect, it } from 'vitest';
import { chartColumns } from './chart-series';

describe('chartColumns', () => {
  it('fills every empty bucket of the window with zeros around the buckets that have events', () => {
    const from = Date.parse('2026-11-21T10:00:00Z');
    const to = Date.parse('2026-11-21T14:30:00Z');
    const { xs, series } = chartColumns(
      {
        bucket: '1h',
        buckets: [{ start: '2026-11-21T12:00:00.000Z', Allow: 3, Audit: 2, Deny: 1, NotGated: 0 }],
      },
      from,
      to,
    );
    expect(xs.map((x) => new Date(x * 1000).toISOString().slice(11, 16))).toEqual([
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
    ]);
    expect(series.Deny).toEqual([0, 0, 1, 0, 0]);
    expect(series.Allow).toEqual([0, 0, 3, 0, 0]);
  });

  it('keeps server buckets outside the grid and stays bounded for huge custom ranges', () => {
    const { xs, series } = chartColumns(
      {
        bucket: '1m',
        buckets: [{ start: '2026-11-21T12:00:00.000Z', Allow: 1, Audit: 0, Deny: 0, NotGated: 0 }],
      },
      0,
      Date.parse('2026-11-21T12:00:00Z'),
    );
    expect(xs).toEqual([Date.parse('2026-11-21T12:00:00Z') / 1000]);
    expect(series.Allow).toEqual([1]);
  });
});
