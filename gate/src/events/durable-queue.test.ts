/** The on-disk event queue: folding, bounds, and what a restart or a crash leaves (real files). */
import { mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_EVENT_COUNT, type AdmissionEvent } from '@gated/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { admissionEventFixture } from '../testing/admission-event-fixture.js';
import { DurableEventQueue, wireJson, type DurableQueueOptions } from './durable-queue.js';

const event = (name: string, overrides: Partial<AdmissionEvent> = {}): AdmissionEvent =>
  admissionEventFixture(name, {
    kind: 'Pod',
    images: [
      {
        reference: 'demo.azurecr.io/shop/web:1.4.2',
        digest: null,
        summary: null,
        decision: 'Audit',
      },
    ],
    decision: 'Audit',
    ...overrides,
  });

const dirs: string[] = [];
const queues: DurableEventQueue[] = [];
afterEach(async () => {
  for (const q of queues.splice(0)) await q.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'gate-queue-'));
  dirs.push(d);
  return d;
}

async function openQueue(options: Partial<DurableQueueOptions> = {}): Promise<DurableEventQueue> {
  const q = await DurableEventQueue.open({
    dir: null,
    maxEvents: 100,
    maxBytes: 64 * 1024 * 1024,
    ...options,
  });
  queues.push(q);
  return q;
}

const names = (q: DurableEventQueue) =>
  q
    .take(1000, Number.MAX_SAFE_INTEGER)
    .map((e) => (JSON.parse(wireJson(e)) as AdmissionEvent).name);

describe('DurableEventQueue in memory', () => {
  it('folds repeats waiting in the queue into the first event, with count and last time', async () => {
    const q = await openQueue();
    const first = event('web');
    q.push(first);
    q.push(event('web', { time: '2030-01-01T00:00:01.000Z' }));
    q.push(event('web', { time: '2030-01-01T00:00:02.000Z' }));
    q.push(event('api'));
    expect(q.depth).toBe(2);
    const batch = q
      .take(10, Number.MAX_SAFE_INTEGER)
      .map((e) => JSON.parse(wireJson(e)) as AdmissionEvent);
    expect(batch.map((e) => [e.name, e.count])).toEqual([
      ['web', 3],
      ['api', 1],
    ]);
    expect(batch[0]?.id).toBe(first.id);
    expect(batch[0]?.lastSeenAt).toBe('2030-01-01T00:00:02.000Z');
  });

  it('starts a new event once the pending one was taken, and never folds dry-runs or other decisions', async () => {
    const q = await openQueue();
    q.push(event('web'));
    const [sent] = q.take(1, Number.MAX_SAFE_INTEGER);
    q.push(event('web'));
    const [next] = q.take(1, Number.MAX_SAFE_INTEGER);
    expect(next?.id).not.toBe(sent?.id);
    q.push(event('web', { dryRun: true }));
    q.push(event('web', { dryRun: true }));
    q.push(event('web', { decision: 'Deny' }));
    q.push(event('web', { namespace: 'other' }));
    expect(q.depth).toBe(4);
  });

  it('caps a folded count at the largest exact integer', async () => {
    const q = await openQueue();
    q.push(event('web', { count: MAX_EVENT_COUNT - 1 }));
    q.push(event('web', { count: 5 }));
    const [e] = q.take(1, Number.MAX_SAFE_INTEGER);
    expect(e?.count).toBe(MAX_EVENT_COUNT);
  });

  it('drops the oldest beyond the count bound and counts them', async () => {
    const drops: string[] = [];
    const q = await openQueue({
      maxEvents: 3,
      onDrop: (reason, n) => drops.push(`${reason}:${n}`),
    });
    for (let i = 1; i <= 5; i++) q.push(event(`e${i}`));
    expect(drops).toEqual(['queue_full:1', 'queue_full:1']);
    expect(names(q)).toEqual(['e3', 'e4', 'e5']);
  });

  it('takes by bytes: stops before the batch would pass the bound, but always takes one', async () => {
    const q = await openQueue();
    const big = { app: 'x'.repeat(5000) };
    for (let i = 0; i < 5; i++) q.push(event(`e${i}`, { labels: big }));
    const first = q.take(100, 12_000);
    expect(first).toHaveLength(2);
    expect(first.reduce((n, e) => n + e.bytes, 0)).toBeLessThanOrEqual(12_000);
    expect(q.take(100, 10)).toHaveLength(1);
    q.returnToFront(first);
    expect(q.depth).toBe(4);
  });
});

describe('DurableEventQueue on disk', () => {
  it('keeps undelivered events, folds and order across a restart; delivered ones are gone', async () => {
    const dir = tempDir();
    const q = await openQueue({ dir });
    for (const n of ['a', 'b', 'c', 'd']) q.push(event(n));
    await q.flush();
    q.push(event('b', { time: '2030-01-01T00:00:09.000Z' }));
    const [a] = q.take(1, Number.MAX_SAFE_INTEGER);
    q.settle(a ? [a] : [], 'a');
    await q.flush();
    // No close(): a crash leaves the files as they are after the last write.
    const again = await openQueue({ dir });
    expect(again.size).toBe(3);
    const batch = again
      .take(10, Number.MAX_SAFE_INTEGER)
      .map((e) => JSON.parse(wireJson(e)) as AdmissionEvent);
    expect(batch.map((e) => [e.name, e.count])).toEqual([
      ['b', 2],
      ['c', 1],
      ['d', 1],
    ]);
    expect(batch[0]?.lastSeenAt).toBe('2030-01-01T00:00:09.000Z');
  });

  it('writes events on a later turn, never inside push', async () => {
    const dir = tempDir();
    const q = await openQueue({ dir });
    q.push(event('a'));
    const journal = path.join(dir, readdirSync(dir)[0] as string);
    expect((await import('node:fs')).statSync(journal).size).toBe(0);
    await q.flush();
    expect((await import('node:fs')).statSync(journal).size).toBeGreaterThan(0);
  });

  it('skips a torn last line and reports it, keeping every whole record', async () => {
    const dir = tempDir();
    const errors: string[] = [];
    const q = await openQueue({ dir });
    q.push(event('a'));
    q.push(event('b'));
    await q.flush();
    const file = path.join(dir, readdirSync(dir)[0] as string);
    appendFileSync(file, '{"e":{"id":"torn-by-a-cra');
    const again = await openQueue({ dir, onJournalError: (e) => errors.push(e.message) });
    expect(names(again)).toEqual(['a', 'b']);
    expect(errors).toHaveLength(1);
  });

  it('deletes segments once all their events are delivered, and bounds the bytes kept', async () => {
    const dir = tempDir();
    const drops: string[] = [];
    const q = await openQueue({
      dir,
      segmentBytes: 8 * 1024,
      maxBytes: 40 * 1024,
      onDrop: (reason, n) => drops.push(`${reason}:${n}`),
    });
    const labels = { app: 'x'.repeat(3000) };
    for (let i = 0; i < 30; i++) {
      q.push(event(`e${i}`, { labels }));
      await q.flush();
    }
    expect(q.bytes).toBeLessThanOrEqual(40 * 1024);
    expect(drops.length).toBeGreaterThan(0);
    const all = q.take(1000, Number.MAX_SAFE_INTEGER);
    expect(all.length + drops.length).toBe(30);
    q.settle(all, 'a');
    await q.flush();
    expect(readdirSync(dir).length).toBe(1);
  });

  it('goes on in memory when the journal folder cannot be used', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const errors: string[] = [];
    const q = await openQueue({ dir: blocker, onJournalError: (e) => errors.push(e.message) });
    q.push(event('a'));
    await q.flush();
    expect(q.durable).toBe(false);
    expect(errors.length).toBeGreaterThan(0);
    expect(names(q)).toEqual(['a']);
  });
});
