import type { Cluster, Environment, RegisteredCluster } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsEnvironment } from '../testing/fixtures.js';
import { ADMIN_PASSWORD, Caller, startTestBff, type TestBff } from '../testing/test-bff.js';
import { storesUnderTest } from '../testing/test-stores.js';
import { LAST_SEEN_WRITE_INTERVAL_MS } from './gate-auth.js';

const kinds = await storesUnderTest();
const START = Date.parse('2031-03-04T05:06:07.000Z');

describe.each(kinds)('gate authentication records the gate as seen, on %s', (kind) => {
  let now = START;
  let t: TestBff;
  let admin: Caller;
  let reg: RegisteredCluster;
  const call = (version = '1.0.0') =>
    t.request('/api/v1/gate/policy', {
      headers: { authorization: `Bearer ${reg.gateToken}`, 'x-gate-version': version },
    });
  const cluster = () => admin.json<Cluster>('GET', `/clusters/${reg.cluster.id}`);

  beforeAll(async () => {
    t = await startTestBff(kind, {}, { clock: () => now });
    admin = await Caller.signIn(t, 'admin', ADMIN_PASSWORD);
    const env = await admin.json<Environment>('POST', '/environments', awsEnvironment('seen'), 201);
    reg = await admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'seen' },
      201,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes last-seen on the server clock, at most once per interval unless the version changes', async () => {
    expect((await call()).status).toBe(200);
    expect(await cluster()).toMatchObject({
      lastSeenAt: new Date(START).toISOString(),
      gateVersion: '1.0.0',
    });

    // Within the interval: the row is not written again (its commit serialised a cluster's batches).
    now = START + LAST_SEEN_WRITE_INTERVAL_MS - 1;
    expect((await call()).status).toBe(200);
    expect((await cluster()).lastSeenAt).toBe(new Date(START).toISOString());

    // A new gate version is written at once, with the time it was seen.
    expect((await call('1.1.0')).status).toBe(200);
    expect(await cluster()).toMatchObject({
      lastSeenAt: new Date(now).toISOString(),
      gateVersion: '1.1.0',
    });

    // Past the interval: written again.
    const before = now;
    now = before + LAST_SEEN_WRITE_INTERVAL_MS;
    expect((await call('1.1.0')).status).toBe(200);
    expect((await cluster()).lastSeenAt).toBe(new Date(now).toISOString());

    // A clock that went back (the row is from the future): written, so last-seen never sticks.
    now = START - 60_000;
    expect((await call('1.1.0')).status).toBe(200);
    expect((await cluster()).lastSeenAt).toBe(new Date(now).toISOString());
  });
});
