/**
 * The webhook's fold fast path: a repeat folded by key (without its event being built) leaves the
 * queue exactly as pushing the full event would, and the key the handler computes is the built
 * event's fold key (docs/decisions/150-gate-hot-path.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_FOLDED_IDS, type AdmissionEvent } from '@gated/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { admissionRequest, loadFixture } from '../../testdata/k8s/admission-review.js';
import { admissionEventFixture } from '../testing/admission-event-fixture.js';
import { testRule } from '../testing/policy-fixtures.js';
import { recordingChain } from '../testing/recording-chain.js';
import { DurableEventQueue, wireJson } from './durable-queue.js';
import { eventFoldKey } from './fold-key.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function queueIn(dir: string | null): Promise<DurableEventQueue> {
  const q = await DurableEventQueue.open({ dir, maxEvents: 1000, maxBytes: 64 * 1024 * 1024 });
  cleanup.push(() => q.close());
  return q;
}

const deny = (time: string): AdmissionEvent =>
  admissionEventFixture('web', { decision: 'Deny', time });

const wire = (q: DurableEventQueue) =>
  q.take(1000, Number.MAX_SAFE_INTEGER).map((e) => JSON.parse(wireJson(e)) as AdmissionEvent);

describe('DurableEventQueue.foldRepeat', () => {
  it('folds a repeat by key exactly as pushing its event does', async () => {
    const first = deny('2030-01-01T00:00:00.000Z');
    const repeats = [1, 2, 3].map((s) => deny(`2030-01-01T00:00:0${s}.000Z`));
    const pushed = await queueIn(null);
    const folded = await queueIn(null);
    for (const e of [first, ...repeats]) pushed.push(e);
    folded.push(first);
    const key = eventFoldKey(first) as string;
    for (const e of repeats) expect(folded.foldRepeat(key, e.id, e.time)).toBe(true);
    expect(wire(folded)).toEqual(wire(pushed));
  });

  it('declines when nothing waits under the key, once the event is taken, and at the id bound', async () => {
    const q = await queueIn(null);
    const first = deny('2030-01-01T00:00:00.000Z');
    const key = eventFoldKey(first) as string;
    expect(q.foldRepeat(key, 'a', first.time)).toBe(false);
    q.push(first);
    for (let i = 0; i < MAX_FOLDED_IDS; i++)
      expect(q.foldRepeat(key, `r${i}`, first.time)).toBe(true);
    expect(q.foldRepeat(key, 'over', first.time)).toBe(false);
    q.take(10, Number.MAX_SAFE_INTEGER);
    q.push(deny('2030-01-01T00:00:05.000Z'));
    q.take(10, Number.MAX_SAFE_INTEGER);
    expect(q.foldRepeat(key, 'late', first.time)).toBe(false);
  });

  it('journals folds, so a restart reports them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gate-fold-repeat-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const q = await queueIn(dir);
    const first = deny('2030-01-01T00:00:00.000Z');
    q.push(first);
    await q.flush();
    expect(q.foldRepeat(eventFoldKey(first) as string, 'r1', '2030-01-01T00:00:09.000Z')).toBe(
      true,
    );
    await q.flush();
    const [sent] = wire(await queueIn(dir));
    expect(sent).toMatchObject({ id: first.id, count: 2, foldedIds: ['r1'] });
    expect(sent?.lastSeenAt).toBe('2030-01-01T00:00:09.000Z');
  });

  it('writes folds still waiting for their shared write when the queue closes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gate-fold-close-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const q = await DurableEventQueue.open({ dir, maxEvents: 1000, maxBytes: 64 * 1024 * 1024 });
    const first = deny('2030-01-01T00:00:00.000Z');
    q.push(first);
    await q.flush();
    const key = eventFoldKey(first) as string;
    for (const id of ['r1', 'r2', 'r3']) q.foldRepeat(key, id, '2030-01-01T00:00:01.000Z');
    await q.close();
    const [sent] = wire(await queueIn(dir));
    expect(sent).toMatchObject({ id: first.id, count: 4, foldedIds: ['r1', 'r2', 'r3'] });
  });
});

describe('the handler folds repeats without building their event', () => {
  it('offers each decision as a repeat whose key is the built event’s fold key', async () => {
    let fold = false;
    const { handler, events, repeats } = recordingChain(
      [
        testRule({
          name: 'Deny unscanned',
          conditions: { severityThresholds: [], cveIds: ['CVE-2024-3094'] },
          blockUnscanned: true,
        }),
      ],
      { fold: () => fold },
    );
    const request = admissionRequest(loadFixture('deployment'));
    const first = await handler(request);
    first.after?.();
    expect(events).toHaveLength(1);
    const event = events[0] as AdmissionEvent;
    expect(repeats[0]).toMatchObject({
      key: eventFoldKey(event),
      id: event.id,
      time: event.time,
      decision: 'Deny',
      reason: event.reason,
      rule: 'Deny unscanned',
    });
    fold = true;
    const second = await handler(request);
    second.after?.();
    expect(events).toHaveLength(1);
    expect(repeats[1]?.key).toBe(repeats[0]?.key);
    // A dry run records nothing, folded or not.
    const dry = await handler({ ...request, dryRun: true });
    expect(dry.after).toBeUndefined();
  });
});
