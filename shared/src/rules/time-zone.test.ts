import { describe, expect, it } from 'vitest';
import { exemptionExpiresAt, isExemptionExpired } from './exemption.schema.js';
import {
  calendarDateInZone,
  endOfDayInZone,
  isCalendarDate,
  isValidTimeZone,
  zonedTimeToEpoch,
} from './time-zone.js';

describe('end of day in a time zone (time-bound exemptions)', () => {
  it.each([
    // validUntil, zone, first instant the exemption no longer applies
    ['2026-06-15', 'UTC', '2026-06-16T00:00:00.000Z'],
    ['2026-06-15', 'Europe/Berlin', '2026-06-15T22:00:00.000Z'], // CEST, UTC+2
    ['2026-01-15', 'Europe/Berlin', '2026-01-15T23:00:00.000Z'], // CET, UTC+1
    // Berlin springs forward on 2026-03-29 (02:00 → 03:00): that day has 23 hours, the next midnight is CEST.
    ['2026-03-28', 'Europe/Berlin', '2026-03-28T23:00:00.000Z'],
    ['2026-03-29', 'Europe/Berlin', '2026-03-29T22:00:00.000Z'],
    // Berlin falls back on 2026-10-25.
    ['2026-10-25', 'Europe/Berlin', '2026-10-25T23:00:00.000Z'],
    // New York falls back on 2026-11-01 (02:00 → 01:00): that day has 25 hours.
    ['2026-10-31', 'America/New_York', '2026-11-01T04:00:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-02T05:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['2026-12-31', 'Asia/Kolkata', '2026-12-31T18:30:00.000Z'],
    ['2026-06-15', 'Pacific/Kiritimati', '2026-06-15T10:00:00.000Z'],
    ['2028-02-29', 'UTC', '2028-03-01T00:00:00.000Z'],
  ])('valid until %s in %s ends at %s', (date, zone, iso) => {
    expect(new Date(endOfDayInZone(date, zone)).toISOString()).toBe(iso);
  });

  it('expires exactly at the boundary, not a millisecond earlier', () => {
    const e = { validUntil: '2026-03-29', timeZone: 'Europe/Berlin' };
    const end = Date.parse('2026-03-29T22:00:00.000Z');
    expect(exemptionExpiresAt(e)).toBe(end);
    expect(isExemptionExpired(e, end - 1)).toBe(false);
    expect(isExemptionExpired(e, end)).toBe(true);
    expect(isExemptionExpired({}, end)).toBe(false);
  });

  it('round-trips wall-clock times and calendar dates across DST', () => {
    expect(new Date(zonedTimeToEpoch(2026, 3, 29, 3, 30, 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(calendarDateInZone(Date.parse('2026-03-29T21:59:59Z'), 'Europe/Berlin')).toBe(
      '2026-03-29',
    );
    expect(calendarDateInZone(Date.parse('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe(
      '2026-03-30',
    );
    expect(calendarDateInZone(Date.parse('2026-11-02T04:59:59Z'), 'America/New_York')).toBe(
      '2026-11-01',
    );
  });

  it('validates dates and zones', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-2-3')).toBe(false);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
