/** Policy sync against a local HTTP server speaking the /gate/policy protocol. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeControlPlane } from '../testing/fake-control-plane.js';
import { eventually } from '../testing/https-client.js';
import { testPolicy, testRule } from '../testing/policy-fixtures.js';
import { LAST_GOOD_FILE } from './last-good.js';
import { PolicyStore } from './store.js';
import { PolicySync } from './sync.js';

const logger = pino({ level: 'silent' });
const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
});

function startSync(cp: FakeControlPlane, dataDir: string, baseUrl = cp.url) {
  const store = new PolicyStore();
  const sync = new PolicySync({
    controlPlane: { baseUrl, token: cp.token },
    store,
    dataDir,
    waitSeconds: 2,
    logger,
    minBackoffMs: 20,
    maxBackoffMs: 100,
  });
  running.push(sync);
  return { store, sync };
}

describe('PolicySync', () => {
  it('fetches, persists, long-polls with If-None-Match and applies a change as soon as it is published', async () => {
    const cp = await new FakeControlPlane().start();
    running.push(cp);
    cp.setPolicy(testPolicy([testRule({ name: 'A' })], { revision: 'r1' }));
    const dir = mkdtempSync(path.join(tmpdir(), 'gate-sync-'));
    const { store, sync } = startSync(cp, dir);
    await sync.start();
    await eventually('first policy', () => store.revision === 'r1');
    await eventually('a long-poll with the etag', () => cp.seenEtags.includes('"r1"'));
    expect(cp.lastPolicyHeaders.authorization).toBe(`Bearer ${cp.token}`);
    expect(cp.lastPolicyHeaders['x-gate-version']).toBeTruthy();
    await eventually('saved to disk', () => {
      try {
        return (
          (JSON.parse(readFileSync(path.join(dir, LAST_GOOD_FILE), 'utf8')) as { revision: string })
            .revision === 'r1'
        );
      } catch {
        return false;
      }
    });

    const publishedAt = Date.now();
    cp.setPolicy(
      testPolicy([testRule({ name: 'A' }), testRule({ name: 'B' })], { revision: 'r2' }),
    );
    await eventually('r2 applied', () => store.revision === 'r2', 5000);
    expect(Date.now() - publishedAt).toBeLessThan(5000);
    expect(store.current?.compiled).toBeDefined();
  });

  it('answers 304 while unchanged: the policy object stays the same', async () => {
    const cp = await new FakeControlPlane().start();
    running.push(cp);
    cp.setPolicy(testPolicy([], { revision: 'same' }));
    const { store, sync } = startSync(cp, mkdtempSync(path.join(tmpdir(), 'gate-sync-')));
    await sync.start();
    await eventually('loaded', () => store.revision === 'same');
    const first = store.current;
    expect(await sync.pollOnce().catch(() => 'stopped')).toBe(false);
    expect(store.current).toBe(first);
  });

  it('starts from the last good policy on disk when the control plane is down, and keeps serving it', async () => {
    const cp = await new FakeControlPlane().start();
    const port = cp.port;
    cp.setPolicy(testPolicy([testRule({ name: 'Kept' })], { revision: 'good-1' }));
    const dir = mkdtempSync(path.join(tmpdir(), 'gate-sync-'));
    const first = startSync(cp, dir);
    await first.sync.start();
    await eventually('first load', () => first.store.revision === 'good-1');
    await eventually('saved', () => {
      try {
        readFileSync(path.join(dir, LAST_GOOD_FILE));
        return true;
      } catch {
        return false;
      }
    });
    await first.sync.stop();
    await cp.stop();

    // A restarted gate with the control plane gone.
    const second = startSync(cp, dir, `http://127.0.0.1:${port}`);
    await second.sync.start();
    expect(second.store.revision).toBe('good-1');
    expect(second.store.current?.source).toBe('disk');
    expect(second.store.current?.policy.rules.map((r) => r.name)).toEqual(['Kept']);
    await new Promise((r) => setTimeout(r, 300));
    expect(second.store.revision).toBe('good-1');

    // The control plane comes back on the same port with a newer policy.
    const back = await new FakeControlPlane().start(port);
    running.push(back);
    back.setPolicy(testPolicy([], { revision: 'good-2' }));
    await eventually('resync after outage', () => second.store.revision === 'good-2', 5000);
  });
});
