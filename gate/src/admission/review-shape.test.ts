/**
 * The hand-written envelope check accepts exactly what the shared zod schema accepts: the hot path
 * may skip the schema only because this holds for kubectl-made reviews and any edit of them.
 */
import { AdmissionReviewRequestSchema } from '@gated/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admissionReview, loadFixture } from '../../testdata/k8s/admission-review.js';
import { nestsDeeperThan } from './json-depth.js';
import { decodeReview } from './review.js';
import { isAdmissionReviewRequest } from './review-shape.js';

const PATHS = [
  [],
  ['apiVersion'],
  ['kind'],
  ['request'],
  ['request', 'uid'],
  ['request', 'kind'],
  ['request', 'kind', 'group'],
  ['request', 'kind', 'kind'],
  ['request', 'resource'],
  ['request', 'resource', 'resource'],
  ['request', 'resource', 'version'],
  ['request', 'subResource'],
  ['request', 'requestKind'],
  ['request', 'requestKind', 'version'],
  ['request', 'requestResource'],
  ['request', 'requestResource', 'group'],
  ['request', 'requestSubResource'],
  ['request', 'name'],
  ['request', 'namespace'],
  ['request', 'operation'],
  ['request', 'userInfo'],
  ['request', 'userInfo', 'username'],
  ['request', 'userInfo', 'uid'],
  ['request', 'userInfo', 'groups'],
  ['request', 'userInfo', 'groups', '0'],
  ['request', 'object'],
  ['request', 'oldObject'],
  ['request', 'dryRun'],
  ['request', 'options'],
] as const;

/** Values near the schema's edges: every JSON type, the enum's members, uid lengths 0/1/128/129. */
const edgeValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('CREATE', 'UPDATE', 'DELETE', 'CONNECT', 'create', ''),
  fc.constantFrom('admission.k8s.io/v1', 'AdmissionReview', 'admission.k8s.io/v1beta1'),
  fc.integer({ min: 0, max: 130 }).map((n) => 'u'.repeat(n)),
  fc.constant(undefined),
  fc.constant([]),
  fc.constant({}),
);

function edit(root: unknown, at: readonly string[], value: unknown): unknown {
  if (at.length === 0)
    return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
  let node: unknown = root;
  for (const key of at.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return root;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'object' || node === null) return root;
  const last = at.at(-1) as string;
  if (value === undefined) delete (node as Record<string, unknown>)[last];
  else (node as Record<string, unknown>)[last] = JSON.parse(JSON.stringify(value)) as unknown;
  return root;
}

const FIXTURES = ['deployment', 'pod', 'cronjob', 'pod-with-ephemeral', 'statefulset'] as const;

describe('hand-written AdmissionReview check', () => {
  it('accepts a value exactly when AdmissionReviewRequestSchema does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES),
        fc.array(fc.tuple(fc.constantFrom(...PATHS), edgeValue), { maxLength: 3 }),
        (fixture, edits) => {
          // Through JSON, as the wire delivers it (no undefined, no prototypes).
          let value: unknown = JSON.parse(JSON.stringify(admissionReview(loadFixture(fixture))));
          for (const [at, v] of edits) value = edit(value, at, v);
          value = JSON.parse(JSON.stringify(value) ?? 'null');
          expect(isAdmissionReviewRequest(value)).toBe(
            AdmissionReviewRequestSchema.safeParse(value).success,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps the schema-worded 400 message and field path for a refused review', () => {
    const decoded = decodeReview(
      JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { uid: '' },
      }),
    );
    if (decoded.ok) throw new Error('accepted an empty uid');
    expect(decoded.error).toMatch(
      /^Not an admission\.k8s\.io\/v1 AdmissionReview request \(request\.uid: /,
    );
    expect(decoded.errors?.map((e) => e.path)).toEqual([
      'request.uid',
      'request.kind',
      'request.resource',
      'request.operation',
      'request.userInfo',
    ]);
  });
});

describe('the refusal of a review with many bad groups', () => {
  const withGroups = (groups: unknown[]) => {
    const review = admissionReview(loadFixture('deployment'), { uid: 'g-1' });
    return JSON.stringify({
      ...review,
      request: { ...review.request, userInfo: { ...review.request.userInfo, groups } },
    });
  };
  /** How the schema itself words one bad element of `groups`. */
  const schemaWording = (bad: unknown) => {
    const review = JSON.parse(withGroups([bad])) as unknown;
    const parsed = AdmissionReviewRequestSchema.safeParse(review);
    if (parsed.success) throw new Error('the schema accepted a bad group');
    return parsed.error.issues[0]?.message;
  };

  it('words a bounded number of them, not one per element', () => {
    const decoded = decodeReview(withGroups(Array.from({ length: 200_000 }, () => 0)));
    if (decoded.ok) throw new Error('accepted numbers as groups');
    expect(decoded.errors?.length).toBeLessThanOrEqual(20);
    expect(decoded.errors?.[0]).toEqual({
      path: 'request.userInfo.groups.0',
      message: schemaWording(0),
    });
    expect(decoded.error).toMatch(
      /^Not an admission\.k8s\.io\/v1 AdmissionReview request \(request\.userInfo\.groups\.0: /,
    );
  });

  it.each([[7], [null], [{ a: 1 }], [['x']]])(
    'finds a bad group past the worded part (%j after 50 strings) and words it as the schema does',
    (bad) => {
      const groups = [...Array.from({ length: 50 }, (_, i) => `g${i}`), bad, 'after'];
      const decoded = decodeReview(withGroups(groups));
      if (decoded.ok) throw new Error('accepted a bad group');
      expect(decoded.errors).toEqual([
        { path: 'request.userInfo.groups.50', message: schemaWording(bad) },
      ]);
    },
  );

  it('still accepts a review with many groups that are all strings', () => {
    const decoded = decodeReview(withGroups(Array.from({ length: 5_000 }, (_, i) => `g${i}`)));
    expect(decoded.ok).toBe(true);
  });
});

describe('nesting depth on raw bytes', () => {
  const depthOf = (v: unknown): number =>
    typeof v === 'object' && v !== null
      ? 1 + Math.max(0, ...Object.values(v).map((c) => depthOf(c)))
      : 0;

  it('agrees with the depth of the parsed value, strings with brackets, quotes and escapes included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (value, max) => {
        const bytes = Buffer.from(JSON.stringify(value));
        expect(nestsDeeperThan(bytes, max)).toBe(depthOf(value) > max);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds a 200,000-deep body without parsing it', () => {
    const bytes = Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(nestsDeeperThan(bytes)).toBe(true);
    expect(
      nestsDeeperThan(
        Buffer.from(
          '{"a":"[[[[[[[[\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}',
        ),
      ),
    ).toBe(false);
  });
});
