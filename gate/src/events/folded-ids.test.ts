/**
 * Folded ids: every repeat the queue folds keeps its id on the event it joined, across a restart,
 * and the bound opens a new event instead of dropping an id (docs/decisions/120-folded-event-ids.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_FOLDED_IDS, type AdmissionEvent } from '@gated/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { admissionEventFixture } from '../testing/admission-event-fixture.js';
import { DurableEventQueue, wireJson } from './durable-queue.js';

const deny = (time: string): AdmissionEvent =>
  admissionEventFixture('web', { decision: 'Deny', time });

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function queueIn(dir: string | null): Promise<DurableEventQueue> {
  const q = await DurableEventQueue.open({ dir, maxEvents: 1000, maxBytes: 64 * 1024 * 1024 });
  cleanup.push(() => q.close());
  return q;
}

const wire = (q: DurableEventQueue) =>
  q.take(1000, Number.MAX_SAFE_INTEGER).map((e) => JSON.parse(wireJson(e)) as AdmissionEvent);

describe('folded event ids', () => {
  it('reports the id of every repeat folded into the waiting event', async () => {
    const q = await queueIn(null);
    const first = deny('2030-01-01T00:00:00.000Z');
    const repeats = [1, 2, 3].map((s) => deny(`2030-01-01T00:00:0${s}.000Z`));
    for (const e of [first, ...repeats]) q.push(e);
    const [sent] = wire(q);
    expect(sent?.id).toBe(first.id);
    expect(sent?.count).toBe(4);
    expect(sent?.foldedIds).toEqual(repeats.map((e) => e.id));
  });

  it('an event without repeats carries no foldedIds', async () => {
    const q = await queueIn(null);
    q.push(deny('2030-01-01T00:00:00.000Z'));
    expect(wire(q)[0]).not.toHaveProperty('foldedIds');
  });

  it('starts a new event at the bound rather than drop an id', async () => {
    const q = await queueIn(null);
    const all = Array.from({ length: MAX_FOLDED_IDS + 3 }, () => deny('2030-01-01T00:00:00.000Z'));
    for (const e of all) q.push(e);
    const sent = wire(q);
    expect(sent.map((e) => e.count)).toEqual([MAX_FOLDED_IDS + 1, 2]);
    expect(sent[0]?.foldedIds).toHaveLength(MAX_FOLDED_IDS);
    const reported = sent.flatMap((e) => [e.id, ...(e.foldedIds ?? [])]);
    expect(reported).toEqual(all.map((e) => e.id));
  });

  it('keeps folded ids across a restart, those folded after the event was written too', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gate-folded-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const q = await queueIn(dir);
    const first = deny('2030-01-01T00:00:00.000Z');
    const early = deny('2030-01-01T00:00:01.000Z');
    q.push(first);
    q.push(early);
    await q.flush();
    const late = deny('2030-01-01T00:00:02.000Z');
    q.push(late);
    await q.flush();
    const again = await queueIn(dir);
    const [sent] = wire(again);
    expect(sent?.id).toBe(first.id);
    expect(sent?.count).toBe(3);
    expect(sent?.foldedIds).toEqual([early.id, late.id]);
  });
});
