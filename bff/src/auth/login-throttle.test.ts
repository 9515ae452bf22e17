/**
 * Sign-in throttling over real HTTP with an injected clock: a guessing run locks the account (the
 * right password too) with 429 + Retry-After, the lock ages out, a success resets the account,
 * spraying accounts from one address is caught, and memory stays bounded.
 */
import type { Problem } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  READER_PASSWORD,
  startTestBff,
  type TestBff,
} from '../testing/test-bff.js';
import { storesUnderTest } from '../testing/test-stores.js';
import { LoginThrottle } from './login-throttle.js';

const kinds = await storesUnderTest();

describe.each(kinds)('login throttling on %s', (kind) => {
  let t: TestBff;
  let url: string;
  let now = Date.UTC(2030, 0, 1);
  const advance = (ms: number) => {
    now += ms;
  };

  beforeAll(async () => {
    t = await startTestBff(kind, { GATED_TRUST_PROXY: '127.0.0.1' }, { clock: () => now });
    url = await t.listen();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Signs in; `from` is the client address the trusted local proxy reports. */
  const login = (username: string, password: string, from: string) =>
    fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ username, password }),
    });

  it('after 200 wrong passwords the right one is refused with 429 and Retry-After, until the window passes', async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      // From many addresses, so only the account limit can stop it.
      const res = await login('admin', `wrong-${i}`, `10.0.${Math.floor(i / 100)}.${i % 100}`);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      await res.body?.cancel();
    }
    expect(statuses.get(401)).toBe(10);
    expect(statuses.get(429)).toBe(190);
    const right = await login('admin', ADMIN_PASSWORD, '10.9.9.9');
    expect(right.status).toBe(429);
    expect(right.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(right.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(((await right.json()) as Problem).code).toBe('TOO_MANY_REQUESTS');
    expect(right.headers.getSetCookie()).toEqual([]);
    advance((retryAfter - 1) * 1000);
    expect((await login('admin', ADMIN_PASSWORD, '10.9.9.9')).status).toBe(429);
    advance(1000);
    expect((await login('admin', ADMIN_PASSWORD, '10.9.9.9')).status).toBe(200);
  });

  it('resets the account on a successful sign-in', async () => {
    advance(60 * 60_000);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++)
        expect((await login('reader', 'nope', `10.1.${round}.${i}`)).status).toBe(401);
      expect((await login('reader', READER_PASSWORD, `10.1.${round}.99`)).status).toBe(200);
    }
  });

  it('limits failures per client address across accounts (password spraying)', async () => {
    advance(60 * 60_000);
    const from = '192.0.2.7';
    for (let i = 0; i < 50; i++)
      expect((await login(`user${i}`, 'Winter2030!', from)).status).toBe(401);
    const blocked = await login('reader', READER_PASSWORD, from);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await login('reader', READER_PASSWORD, '192.0.2.8')).status).toBe(200);
  });
});

describe('without a trusted proxy', () => {
  let t: TestBff;
  const now = Date.UTC(2030, 0, 1);
  beforeAll(async () => {
    t = await startTestBff('embedded', {}, { clock: () => now });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ignores X-Forwarded-For: a client cannot pick a fresh address per guess', async () => {
    const url = await t.listen();
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.7.0.${i}` },
        body: JSON.stringify({ username: `spray${i}`, password: 'x' }),
      });
      statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(50);
    expect(statuses.slice(50).every((s) => s === 429)).toBe(true);
  });
});

describe('LoginThrottle', () => {
  it('keeps memory bounded: at most maxKeys keys and `limit` timestamps per key', () => {
    let now = 0;
    const throttle = new LoginThrottle({ maxKeys: 100, now: () => now });
    for (let i = 0; i < 10_000; i++) {
      throttle.failed(`account-${i}`, `address-${i % 500}`);
      now += 1;
    }
    expect(throttle.sizes).toEqual({ accounts: 100, addresses: 100 });
  });

  it('counts user names case- and space-insensitively', () => {
    const throttle = new LoginThrottle({ account: { limit: 2, windowMs: 1000 }, now: () => 0 });
    throttle.failed('Admin', 'a');
    throttle.failed(' admin', 'b');
    expect(throttle.retryAfterSeconds('ADMIN', 'c')).toBe(1);
  });
});
