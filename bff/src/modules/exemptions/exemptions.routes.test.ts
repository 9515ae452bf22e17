import type { ExpiringExemptions } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleInput } from '../../testing/fixtures.js';
import {
  ADMIN_PASSWORD,
  Caller,
  READER_PASSWORD,
  startTestBff,
  type TestBff,
} from '../../testing/test-bff.js';
import { storesUnderTest } from '../../testing/test-stores.js';

const kinds = await storesUnderTest();
/** The suite's clock: 10 June 2030, noon UTC. */
const NOW = Date.UTC(2030, 5, 10, 12);

describe.each(kinds)('expiring exemptions on %s', (kind) => {
  let t: TestBff;
  let admin: Caller;
  let reader: Caller;
  beforeAll(async () => {
    t = await startTestBff(kind, {}, { clock: () => NOW });
    admin = await Caller.signIn(t, 'admin', ADMIN_PASSWORD);
    reader = await Caller.signIn(t, 'reader', READER_PASSWORD);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists exemptions ending within the window by the BFF clock, soonest first, for readers too', async () => {
    const ns = (value: string, validUntil?: string, timeZone?: string) => ({
      type: 'Namespace' as const,
      match: 'Equals' as const,
      value,
      ...(validUntil ? { validUntil, timeZone } : {}),
      reason: `why ${value}`,
    });
    await admin.json(
      'POST',
      '/rules',
      ruleInput('exempting rule', {
        exemptions: [
          ns('in-two-days', '2030-06-12', 'UTC'),
          ns('in-ten-days', '2030-06-20', 'UTC'),
          ns('ended-yesterday', '2030-06-09', 'UTC'),
          ns('forever'),
          // Ends 17 June 22:00 UTC: 10 hours past the 7-day horizon.
          ns('berlin-edge', '2030-06-17', 'Europe/Berlin'),
        ],
      }),
      201,
    );
    await admin.json(
      'POST',
      '/rules',
      ruleInput('other rule', {
        enabled: false,
        // Ends 16 June 12:00 UTC (Auckland is 12 hours ahead): inside the window.
        exemptions: [ns('auckland', '2030-06-16', 'Pacific/Auckland')],
      }),
      201,
    );
    const seen = await reader.json<ExpiringExemptions>('GET', '/exemptions/expiring');
    expect(seen.now).toBe(new Date(NOW).toISOString());
    expect(seen.withinDays).toBe(7);
    expect(seen.items.map((i) => [i.ruleName, i.exemption.value, i.expiresAt])).toEqual([
      ['exempting rule', 'in-two-days', '2030-06-13T00:00:00.000Z'],
      ['other rule', 'auckland', '2030-06-16T12:00:00.000Z'],
    ]);
    expect(seen.items[1]).toMatchObject({ ruleEnabled: false, index: 0 });
    expect(seen.items[0]?.exemption.reason).toBe('why in-two-days');

    const wider = await reader.json<ExpiringExemptions>(
      'GET',
      '/exemptions/expiring?withinDays=14',
    );
    expect(wider.items.map((i) => i.exemption.value)).toEqual([
      'in-two-days',
      'auckland',
      'berlin-edge',
      'in-ten-days',
    ]);
    expect((await reader.req('GET', '/exemptions/expiring?withinDays=0')).status).toBe(400);
  });
});
