import { describe, expect, it } from 'vitest';
import { exemptionState } from './exemption-state';

// End of 2031-03-10 in UTC is 2031-03-11T00:00Z.
const until = { validUntil: '2031-03-10', timeZone: 'UTC' };
const at = (iso: string) => Date.parse(iso);

describe('exemptionState', () => {
  it('is permanent without an end date', () => {
    expect(exemptionState({}, at('2031-03-01T00:00:00Z'))).toBe('permanent');
  });
  it('is active more than 7 days before the end, expiring within 7 days, expired after', () => {
    expect(exemptionState(until, at('2031-03-03T23:59:00Z'))).toBe('active');
    expect(exemptionState(until, at('2031-03-04T00:00:00Z'))).toBe('expiring');
    expect(exemptionState(until, at('2031-03-10T23:59:59Z'))).toBe('expiring');
    expect(exemptionState(until, at('2031-03-11T00:00:00Z'))).toBe('expired');
  });
});
