/** Event delivery against a real local control plane: batches, retries with backoff, idempotent ids, flush on stop. */
import type { AdmissionEvent } from '@gated/shared';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { admissionEventFixture } from '../testing/admission-event-fixture.js';
import { FakeControlPlane } from '../testing/fake-control-plane.js';
import { eventually } from '../testing/https-client.js';
import { EventQueue } from './queue.js';
import { EventReporter } from './reporter.js';

const event = (name: string): AdmissionEvent => admissionEventFixture(name);

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(capacity = 100, batchSize = 2) {
  const cp = await new FakeControlPlane().start();
  cleanup.push(() => cp.stop());
  const queue = new EventQueue<AdmissionEvent>(capacity);
  let failures = 0;
  const reporter = new EventReporter({
    controlPlane: { baseUrl: cp.url, token: cp.token },
    queue,
    batchSize,
    flushEveryMs: 20,
    logger: pino({ level: 'silent' }),
    selfReport: () => Promise.resolve({ policyRevision: 'r9', p99Ms: 1.5 }),
    onFailure: () => failures++,
    minBackoffMs: 10,
    maxBackoffMs: 40,
  });
  cleanup.push(() => reporter.stop(500));
  return { cp, queue, reporter, failures: () => failures };
}

describe('EventReporter', () => {
  it('delivers in batches with the gate self-report', async () => {
    const { cp, queue, reporter } = await setup();
    for (let i = 0; i < 5; i++) queue.push(event(`w${i}`));
    reporter.start();
    await eventually('all delivered', () => cp.events.size === 5);
    expect(cp.batches.every((b) => b.events.length <= 2)).toBe(true);
    expect(cp.batches[0]?.gate).toEqual({
      version: expect.any(String) as string,
      policyRevision: 'r9',
      p99Ms: 1.5,
    });
    expect(queue.depth).toBe(0);
  });

  it('retries after failures and keeps order; ids make a re-sent batch count as duplicates', async () => {
    const { cp, queue, reporter, failures } = await setup();
    cp.failEvents = 3;
    const sent = [event('a'), event('b'), event('c')];
    sent.forEach((e) => queue.push(e));
    reporter.start();
    await eventually('delivered after retries', () => cp.events.size === 3);
    expect(failures()).toBe(3);
    expect([...cp.events.values()].map((e) => e.name)).toEqual(['a', 'b', 'c']);

    queue.push(sent[0] as AdmissionEvent);
    await eventually('duplicate posted', () =>
      cp.batches.some((b) => b.events.length === 1 && b.events[0]?.id === sent[0]?.id),
    );
    expect(cp.events.size).toBe(3);
  });

  it('drops a batch the control plane refuses as invalid instead of retrying it forever', async () => {
    const { cp, queue, reporter } = await setup(100, 2);
    cp.rejectEvents = 1;
    ['bad1', 'bad2', 'good'].forEach((n) => queue.push(event(n)));
    reporter.start();
    await eventually('the good event delivered', () =>
      [...cp.events.values()].some((e) => e.name === 'good'),
    );
    expect(cp.events.size).toBe(1);
  });

  it('drops the oldest events while the control plane is down, and flushes the rest on stop', async () => {
    const { cp, queue, reporter } = await setup(3, 10);
    cp.failEvents = 1_000;
    reporter.start();
    for (let i = 0; i < 6; i++) queue.push(event(`e${i}`));
    expect(queue.dropped).toBe(3);
    cp.failEvents = 0;
    await reporter.stop(2000);
    expect([...cp.events.values()].map((e) => e.name)).toEqual(['e3', 'e4', 'e5']);
    expect(queue.depth).toBe(0);
  });
});
