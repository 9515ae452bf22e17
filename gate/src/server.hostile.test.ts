/**
 * Hostile input at `/validate` and the other routes, over real HTTPS against the composed gate
 * (startGate): bounded bodies whatever the framing, over-deep JSON, the shared problem model on
 * every error, and a fast-check fuzz of framing × size × depth × shape. After every case the gate
 * must still answer a real AdmissionReview.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdmissionReviewRequestSchema,
  AdmissionReviewResponseSchema,
  ProblemSchema,
  type Problem,
} from '@gated/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admissionReview,
  loadFixture,
  type FixtureName,
} from '../testdata/k8s/admission-review.js';
import { readEnv } from './env.js';
import { startGate, type RunningGate } from './gate.js';
import { FakeControlPlane } from './testing/fake-control-plane.js';
import { eventually, httpsRequest } from './testing/https-client.js';
import { testPolicy, testRule } from './testing/policy-fixtures.js';
import { rawHttps, type RawAnswer } from './testing/raw-https.js';

const LIMIT = 64 * 1024;
const DEPTH = 64;

let cp: FakeControlPlane;
let gate: RunningGate;

beforeAll(async () => {
  cp = await new FakeControlPlane().start();
  gate = await startGate(
    readEnv({
      GATE_PORT: '0',
      GATE_HOST: '127.0.0.1',
      GATE_CONTROL_PLANE_URL: cp.url,
      GATE_CLUSTER_TOKEN: cp.token,
      GATED_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gate-hostile-')),
      GATE_LOG_LEVEL: 'silent',
      GATE_POLICY_WAIT_S: '1',
      GATE_MAX_BODY_BYTES: String(LIMIT),
    }),
  );
});

afterAll(async () => {
  await gate.stop();
  await cp.stop();
});

const reviewText = (uid = 'next-review') =>
  JSON.stringify(admissionReview(loadFixture('deployment'), { uid }));

/** The gate still decides a kubectl-made Deployment. */
async function stillServing(): Promise<void> {
  const res = await httpsRequest(`${gate.url}/validate?timeout=10s`, {
    method: 'POST',
    body: reviewText(),
  });
  expect(res.status).toBe(200);
  expect(AdmissionReviewResponseSchema.parse(res.json()).response.uid).toBe('next-review');
}

function problemOf(answer: RawAnswer | { status: number; text: string }): Problem {
  const text = 'text' in answer ? answer.text : answer.closed ? '' : answer.body;
  return ProblemSchema.parse(JSON.parse(text));
}

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { v };
  return v;
}

describe('error bodies: the shared problem model', () => {
  it('500 (no policy yet), 400, 404 and 413 are problem+json with the shared upper-case codes', async () => {
    const early = await httpsRequest(`${gate.url}/validate`, {
      method: 'POST',
      body: reviewText(),
    });
    expect(early.status).toBe(500);
    expect(problemOf(early)).toMatchObject({ status: 500, code: 'INTERNAL' });

    cp.setPolicy(testPolicy([testRule({ name: 'No criticals' })]));
    await eventually(
      'ready',
      async () => (await httpsRequest(`${gate.url}/readyz`)).status === 200,
    );

    const notJson = await httpsRequest(`${gate.url}/validate`, {
      method: 'POST',
      body: 'not json',
    });
    expect(notJson.status).toBe(400);
    expect(problemOf(notJson)).toMatchObject({ status: 400, code: 'INVALID_INPUT' });

    const noUid = await httpsRequest(`${gate.url}/validate`, {
      method: 'POST',
      body: JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { uid: '' },
      }),
    });
    expect(noUid.status).toBe(400);
    expect(problemOf(noUid).errors?.[0]?.path).toBe('request.uid');

    const missing = await httpsRequest(`${gate.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(problemOf(missing)).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    const large = await rawHttps(gate.port, { body: [Buffer.alloc(LIMIT + 1, 0x20)] });
    expect(large).toMatchObject({ closed: false, status: 413 });
    expect(problemOf(large)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  }, 30_000);
});

describe('bounded bodies', () => {
  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const answer = await rawHttps(gate.port, {
      headers: { 'content-length': String(LIMIT * 1000) },
      body: [],
    });
    expect(answer).toMatchObject({ closed: false, status: 413 });
    await stillServing();
  }, 30_000);

  it('stops a chunked body the moment it passes the limit, on /validate and on routes that read no body', async () => {
    const piece = Buffer.alloc(16 * 1024, 0x20);
    for (const target of [
      { path: '/validate', method: 'POST' },
      { path: '/healthz', method: 'GET' },
    ]) {
      const answer = await rawHttps(gate.port, {
        ...target,
        chunked: true,
        body: Array.from({ length: 1000 }, () => piece), // 16 MiB offered, 64 KiB allowed
      });
      if (!answer.closed) expect(answer.status).toBe(413);
    }
    await stillServing();
  }, 30_000);

  it(`answers 400 to JSON nested deeper than ${DEPTH}, and decides a review nested just within it`, async () => {
    const deep = admissionReview(loadFixture('deployment'));
    (deep.request as Record<string, unknown>).options = nested(DEPTH + 1);
    const refused = await rawHttps(gate.port, { body: [Buffer.from(JSON.stringify(deep))] });
    expect(refused).toMatchObject({ closed: false, status: 400 });
    expect(problemOf(refused).detail).toContain('deeper');

    const within = admissionReview(loadFixture('deployment'));
    (within.request as Record<string, unknown>).options = nested(DEPTH - 3); // + envelope levels
    const decided = await rawHttps(gate.port, { body: [Buffer.from(JSON.stringify(within))] });
    expect(decided).toMatchObject({ closed: false, status: 200 });
  }, 30_000);
});

// ---- fuzz ----------------------------------------------------------------------------------

const FIXTURES: FixtureName[] = ['deployment', 'pod', 'cronjob', 'pod-of-replicaset', 'job'];
const PATHS = [
  ['apiVersion'],
  ['kind'],
  ['request'],
  ['request', 'uid'],
  ['request', 'kind'],
  ['request', 'resource'],
  ['request', 'operation'],
  ['request', 'userInfo'],
  ['request', 'userInfo', 'groups'],
  ['request', 'namespace'],
  ['request', 'dryRun'],
  ['request', 'object'],
  ['request', 'object', 'spec'],
] as const;

function setPath(root: Record<string, unknown>, at: readonly string[], value: unknown): void {
  let node: unknown = root;
  for (const key of at.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'object' || node === null) return;
  const last = at.at(-1) as string;
  if (value === undefined) delete (node as Record<string, unknown>)[last];
  else (node as Record<string, unknown>)[last] = value;
}

/** A kubectl-made review, then zero to two fields replaced by any JSON value or removed. */
const mutatedReview = fc
  .record({
    fixture: fc.constantFrom(...FIXTURES),
    uid: fc.oneof(fc.uuid(), fc.string({ maxLength: 140 })),
    operation: fc.constantFrom('CREATE', 'UPDATE', 'DELETE', 'CONNECT'),
    edits: fc.array(
      fc.tuple(
        fc.constantFrom(...PATHS),
        fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
      ),
      { maxLength: 2 },
    ),
  })
  .map(({ fixture, uid, operation, edits }) => {
    const review = admissionReview(loadFixture(fixture), { uid }) as unknown as Record<
      string,
      unknown
    >;
    setPath(review, ['request', 'operation'], operation);
    for (const [at, value] of edits) setPath(review, at, value);
    return JSON.stringify(review);
  });

const shapes = fc.oneof(
  mutatedReview,
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ maxLength: 200 }),
  // depth around the limit, inside a valid review
  fc.integer({ min: DEPTH - 8, max: DEPTH + 40 }).map((depth) => {
    const review = admissionReview(loadFixture('pod'));
    (review.request as Record<string, unknown>).options = nested(depth);
    return JSON.stringify(review);
  }),
  // size around the limit, inside a valid review
  fc.integer({ min: LIMIT - 2000, max: LIMIT * 3 }).map((size) => {
    const pod = loadFixture('pod');
    (pod.metadata as Record<string, unknown>).annotations = { pad: 'x'.repeat(size) };
    return JSON.stringify(admissionReview(pod));
  }),
);

type Framing = 'content-length' | 'chunked' | 'short-length' | 'long-length';

function depthOf(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  let max = 0;
  for (const child of Object.values(v)) max = Math.max(max, depthOf(child));
  return max + 1;
}

/** What the gate must answer for a body it read completely: the shared schema is the oracle. */
function expectedStatus(text: string): { status: number; uid?: string } {
  if (Buffer.byteLength(text) > LIMIT) return { status: 413 };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { status: 400 };
  }
  if (depthOf(raw) > DEPTH) return { status: 400 };
  const parsed = AdmissionReviewRequestSchema.safeParse(raw);
  return parsed.success ? { status: 200, uid: parsed.data.request.uid } : { status: 400 };
}

function check(answer: RawAnswer, allowed: { status: number; uid?: string }[], closeOk: boolean) {
  if (answer.closed) {
    expect(closeOk).toBe(true);
    return;
  }
  expect(allowed.map((a) => a.status)).toContain(answer.status);
  if (answer.status === 200) {
    const uid = AdmissionReviewResponseSchema.parse(JSON.parse(answer.body)).response.uid;
    expect(allowed.some((a) => a.uid === uid)).toBe(true);
  } else if (closeOk && !answer.headers['content-type']) {
    // node's own answer to a request the client broke off (no body): only a 400 is acceptable.
    expect(answer.status).toBe(400);
  } else {
    const problem = problemOf(answer);
    expect(problem.status).toBe(answer.status);
    expect(problem.code).toMatch(/^[A-Z_]+$/);
  }
}

describe('fuzz: /validate over HTTPS', () => {
  it('answers by the shared schema whatever the framing, size, depth and shape, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapes,
        fc.constantFrom<Framing>('content-length', 'chunked', 'short-length', 'long-length'),
        fc.integer({ min: 1, max: 5 }),
        async (text, framing, pieces) => {
          const bytes = Buffer.from(text);
          const size = Math.ceil(bytes.length / pieces);
          const body = Array.from({ length: pieces }, (_, i) =>
            bytes.subarray(i * size, (i + 1) * size),
          );
          const whole = expectedStatus(text);
          // Past the limit the gate closes the connection after its 413, and a client still
          // writing may see the reset before it reads the answer.
          if (framing === 'content-length') {
            check(await rawHttps(gate.port, { body }), [whole], whole.status === 413);
          } else if (framing === 'chunked') {
            check(
              await rawHttps(gate.port, { body, chunked: true }),
              [whole],
              whole.status === 413,
            );
          } else if (framing === 'short-length' && bytes.length > 1) {
            // The gate reads what the header says; the rest is a broken next request (node's 400).
            const declared = bytes.length - 1;
            const answer = await rawHttps(gate.port, {
              headers: { 'content-length': String(declared) },
              body,
            });
            check(
              answer,
              [expectedStatus(bytes.subarray(0, declared).toString()), { status: 400 }],
              true,
            );
          } else if (framing === 'long-length') {
            // The client stops short of what it declared and hangs up: nothing to decide.
            const declared = bytes.length + 10;
            const answer = await rawHttps(gate.port, {
              headers: { 'content-length': String(declared) },
              body,
              endAfterWrite: true,
            });
            check(answer, declared > LIMIT ? [{ status: 413 }] : [{ status: 400 }], true);
          }
          await stillServing();
        },
      ),
      { numRuns: 60 },
    );
    // Sixty HTTPS exchanges and as many follow-up reviews: seconds on a shared 2-core machine.
  }, 120_000);
});
