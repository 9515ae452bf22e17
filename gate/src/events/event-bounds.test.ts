/**
 * An event's size does not follow what a workload's author chooses (how many images, how long
 * their names, how many labels): every decision must reach Admission Monitoring, and an event
 * larger than a batch may carry is dropped (src/events/reporter.ts).
 */
import { describe, expect, it } from 'vitest';
import { admissionRequest, loadFixture } from '../../testdata/k8s/admission-review.js';
import { testRule } from '../testing/policy-fixtures.js';
import { recordingChain } from '../testing/recording-chain.js';
import { eventFoldKey } from './fold-key.js';

/** The Deployment fixture with its pod template changed by `edit` (kubectl's shape otherwise). */
function deployment(
  edit: (pod: { containers: Record<string, unknown>[] }, meta: Record<string, unknown>) => void,
) {
  const object = loadFixture('deployment') as {
    spec: {
      template: {
        metadata: Record<string, unknown>;
        spec: { containers: Record<string, unknown>[] };
      };
    };
  };
  edit(object.spec.template.spec, object.spec.template.metadata);
  return object as unknown as Record<string, unknown>;
}

async function admit(object: Record<string, unknown>) {
  const { handler, events, repeats } = recordingChain(
    [testRule({ name: 'Deny unscanned', blockUnscanned: true })],
    { timeoutMs: 5000 },
  );
  const result = await handler(admissionRequest(object));
  result.after?.();
  const event = events[0];
  if (!event) throw new Error('no event');
  return { result, event, repeat: repeats[0], bytes: Buffer.byteLength(JSON.stringify(event)) };
}

const template = (pod: { containers: Record<string, unknown>[] }) => pod.containers[0] ?? {};

describe('an admission event is bounded whatever the workload names', () => {
  it('lists 200 images of 5,000 with their findings, the first 50 with their rule evaluations', async () => {
    const object = deployment((pod) => {
      pod.containers = Array.from({ length: 5000 }, (_, i) => ({
        ...template(pod),
        name: `c${i}`,
        image: `shop/app-${i}:1.0`,
      }));
    });
    const { result, event, bytes } = await admit(object);
    expect(result.response.allowed).toBe(false);
    expect(event.decision).toBe('Deny');
    expect(event.images).toHaveLength(200);
    expect(event.trace.images).toHaveLength(200);
    expect(event.trace.images[49]?.rules.length).toBeGreaterThan(0);
    expect(event.trace.images[50]?.rules).toEqual([]);
    expect(event.trace.images[150]).toMatchObject({
      findingsStatus: 'unscanned',
      decision: 'Deny',
    });
    expect(event.trace.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rule evaluations are kept for the first 50 images; the other 150/),
        expect.stringMatching(/^4801 more images were evaluated but are not listed/),
      ]),
    );
    expect(bytes).toBeLessThan(768 * 1024);
  });

  it('never cuts a surrogate pair in half (PostgreSQL refuses the lone half)', async () => {
    const loneHalf = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    const pod = loadFixture('pod-of-replicaset') as {
      metadata: { ownerReferences: { name: string }[] };
      spec: { containers: { image: string }[] };
    };
    const owner = pod.metadata.ownerReferences[0];
    const container = pod.spec.containers[0];
    if (!owner || !container) throw new Error('the fixture has an owner and a container');
    owner.name = '😀'.repeat(200);
    container.image = `shop/${'a'.repeat(1018)}😀😀`;
    const { event } = await admit(pod);
    expect(event.owner?.name).not.toMatch(loneHalf);
    expect(event.images[0]?.reference).not.toMatch(loneHalf);
    expect(event.trace.images[0]?.reference).not.toMatch(loneHalf);
    expect(JSON.stringify(event)).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/);
  });

  it('cuts an image name longer than a reference may be, in the event, its trace and its fold key alike', async () => {
    const huge = `shop/${'a'.repeat(400_000)}:1.0`;
    const object = deployment((pod) => {
      pod.containers = [{ ...template(pod), image: huge }];
    });
    const { event, repeat, bytes } = await admit(object);
    expect(event.images[0]?.reference).toHaveLength(1025);
    expect(event.images[0]?.reference.endsWith('…')).toBe(true);
    expect(event.trace.images[0]?.reference).toHaveLength(1025);
    expect(event.trace.images[0]?.normalized.length).toBeLessThanOrEqual(1025);
    expect(bytes).toBeLessThan(64 * 1024);
    expect(repeat?.key).toBe(eventFoldKey(event));
  });

  it('keeps labels up to 32 K characters of a pod template that carries thousands', async () => {
    const value = (i: number) => `v${i}-${'x'.repeat(60)}`;
    const object = deployment((_, meta) => {
      meta.labels = Object.fromEntries(
        Array.from({ length: 3000 }, (_, i) => [`example.com/label-${i}`, value(i)]),
      );
    });
    const { event, bytes } = await admit(object);
    const kept = Object.entries(event.labels);
    expect(kept.length).toBeGreaterThan(200);
    expect(kept.length).toBeLessThan(3000);
    expect(kept.reduce((n, [k, v]) => n + k.length + v.length, 0)).toBeLessThanOrEqual(32 * 1024);
    expect(event.labels['example.com/label-0']).toBe(value(0));
    expect(bytes).toBeLessThan(256 * 1024);
  });

  it('cuts the name of an owner reference at 253 characters', async () => {
    const pod = loadFixture('pod-of-replicaset') as {
      metadata: { ownerReferences: { name: string }[] };
    };
    const owner = pod.metadata.ownerReferences[0];
    if (!owner) throw new Error('the fixture has an owner');
    owner.name = 'r'.repeat(100_000);
    const { event } = await admit(pod);
    expect(event.owner?.name.length).toBeLessThanOrEqual(254);
  });

  it('leaves an ordinary admission exactly as it was built', async () => {
    const { event } = await admit(loadFixture('deployment'));
    expect(event.trace.images).toHaveLength(4);
    expect(event.trace.notes.some((n) => n.includes('not traced'))).toBe(false);
    expect(event.images.map((i) => i.reference)).toEqual(
      event.trace.images.map((i) => i.reference),
    );
  });
});
