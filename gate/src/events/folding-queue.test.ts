import type { AdmissionEvent } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { admissionEventFixture } from '../testing/admission-event-fixture.js';
import { FoldingEventQueue } from './folding-queue.js';

const event = (name: string, overrides: Partial<AdmissionEvent> = {}): AdmissionEvent =>
  admissionEventFixture(name, {
    kind: 'Pod',
    user: 'system:serviceaccount:kube-system:replicaset-controller',
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

describe('FoldingEventQueue', () => {
  it('folds repeats waiting in the queue into the first event, with count and last time', () => {
    const q = new FoldingEventQueue(10);
    const first = event('web');
    q.push(first);
    q.push(event('web', { time: '2030-01-01T00:00:01.000Z' }));
    q.push(event('web', { time: '2030-01-01T00:00:02.000Z' }));
    q.push(event('api'));
    expect(q.depth).toBe(2);
    const batch = q.take(10);
    expect(batch.map((e) => [e.name, e.count])).toEqual([
      ['web', 3],
      ['api', 1],
    ]);
    expect(batch[0]?.id).toBe(first.id);
    expect(batch[0]?.lastSeenAt).toBe('2030-01-01T00:00:02.000Z');
  });

  it('starts a new event once the pending one was taken for delivery', () => {
    const q = new FoldingEventQueue(10);
    q.push(event('web'));
    const [sent] = q.take(1);
    q.push(event('web'));
    const [next] = q.take(1);
    expect(next?.id).not.toBe(sent?.id);
    expect([sent?.count, next?.count]).toEqual([1, 1]);
  });

  it('never folds dry-runs or different decisions, images or namespaces', () => {
    const q = new FoldingEventQueue(10);
    q.push(event('web', { dryRun: true }));
    q.push(event('web', { dryRun: true }));
    q.push(event('web', { decision: 'Deny' }));
    q.push(event('web', { namespace: 'other' }));
    q.push(
      event('web', {
        images: [
          {
            reference: 'demo.azurecr.io/shop/web:2.0.0',
            digest: null,
            summary: null,
            decision: 'Allow',
          },
        ],
      }),
    );
    expect(q.depth).toBe(5);
  });

  it('forgets events a full queue dropped, so repeats are queued again', () => {
    let dropped = 0;
    const q = new FoldingEventQueue(2, (n) => (dropped += n));
    q.push(event('a'));
    q.push(event('b'));
    q.push(event('c'));
    q.push(event('a'));
    expect(dropped).toBe(2);
    expect(q.take(10).map((e) => e.name)).toEqual(['c', 'a']);
  });
});
