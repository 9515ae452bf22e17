/**
 * HTTP-level tests of the composed gate (startGate, the same composition as production) over real
 * HTTPS, against a fake control plane on a real local port. AdmissionReviews are built from the
 * kubectl-generated fixtures in testdata/k8s.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdmissionReviewResponseSchema,
  type AdmissionResponse,
  type AdmissionReviewRequest,
} from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admissionReview, loadFixture } from '../testdata/k8s/admission-review.js';
import { readEnv } from './env.js';
import { startGate, type RunningGate } from './gate.js';
import { FakeControlPlane } from './testing/fake-control-plane.js';
import { eventually, httpsRequest } from './testing/https-client.js';
import { testDigest, testPolicy, testReport, testRule } from './testing/policy-fixtures.js';

const API = 'myacr.azurecr.io/shop/api:1.4';
const API_DIGEST = testDigest('a1');

let cp: FakeControlPlane;
let gate: RunningGate;

async function validate(review: AdmissionReviewRequest): Promise<AdmissionResponse> {
  const res = await httpsRequest(`${gate.url}/validate`, {
    method: 'POST',
    body: JSON.stringify(review),
  });
  expect(res.status).toBe(200);
  return AdmissionReviewResponseSchema.parse(res.json()).response;
}

beforeAll(async () => {
  cp = await new FakeControlPlane().start();
  cp.tags.set(API, API_DIGEST);
  cp.reports.set(API_DIGEST, testReport(API_DIGEST, 2));
  const env = readEnv({
    GATE_PORT: '0',
    GATE_HOST: '127.0.0.1',
    GATE_CONTROL_PLANE_URL: cp.url,
    GATE_CLUSTER_TOKEN: cp.token,
    GATED_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gate-server-')),
    GATE_LOG_LEVEL: 'silent',
    GATE_EVENT_FLUSH_MS: '50',
    GATE_NAMESPACE: 'gated-system',
    GATE_POLICY_WAIT_S: '2',
  });
  gate = await startGate(env, { eventBackoffMs: { min: 20, max: 100 } });
});

afterAll(async () => {
  await gate.stop();
  await cp.stop();
});

describe('gate over HTTPS', () => {
  it('is live at once but ready only once a policy is loaded', async () => {
    expect((await httpsRequest(`${gate.url}/healthz`)).status).toBe(200);
    expect((await httpsRequest(`${gate.url}/readyz`)).status).toBe(503);
    const early = await httpsRequest(`${gate.url}/validate`, {
      method: 'POST',
      body: JSON.stringify(admissionReview(loadFixture('deployment'))),
    });
    expect(early.status).toBe(500);

    cp.setPolicy(
      testPolicy([
        testRule({ name: 'No criticals' }),
        testRule({
          name: 'Watch highs',
          action: 'Audit',
          conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 0 }], cveIds: [] },
        }),
      ]),
    );
    await eventually(
      'readiness',
      async () => (await httpsRequest(`${gate.url}/readyz`)).status === 200,
    );
    expect((await httpsRequest(`${gate.url}/readyz`)).json()).toMatchObject({
      policyRevision: 'r1',
      source: 'control-plane',
    });
  });

  it('denies a kubectl Deployment whose image has Critical findings, echoes the uid and reports the event', async () => {
    const review = admissionReview(loadFixture('deployment'), { uid: 'deny-uid-1' });
    const response = await validate(review);
    expect(response.uid).toBe('deny-uid-1');
    expect(response.allowed).toBe(false);
    expect(response.status?.code).toBe(403);
    expect(response.status?.message).toContain('No criticals');
    expect(response.status?.message).toContain(API);
    const eventId = response.auditAnnotations?.['event-id'];
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    await eventually('the event at the control plane', () => cp.events.has(eventId ?? ''));
    const event = cp.events.get(eventId ?? '');
    expect(event).toMatchObject({
      decision: 'Deny',
      namespace: 'shop',
      kind: 'Deployment',
      clusterId: 'cluster-1',
      dryRun: false,
    });
    expect(event?.images.find((i) => i.reference === API)?.digest).toBe(API_DIGEST);
    expect(cp.batches.at(-1)?.gate).toMatchObject({
      version: expect.any(String) as string,
      policyRevision: 'r1',
    });
  });

  it('answers a dry-run the same way but records no event', async () => {
    const before = cp.events.size + gate.events.depth;
    const response = await validate(
      admissionReview(loadFixture('deployment'), { dryRun: true, uid: 'dry-1' }),
    );
    expect(response.allowed).toBe(false);
    expect(response.status?.code).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(cp.events.size + gate.events.depth).toBe(before);
  });

  it('serves a second admission of the same images from the cache, without calling the control plane', async () => {
    const calls = cp.findingsCalls;
    await validate(admissionReview(loadFixture('pod')));
    expect(cp.findingsCalls).toBe(calls);
  });

  it('allows its own namespace and operations it does not gate', async () => {
    const own = loadFixture('deployment');
    (own.metadata as { namespace: string }).namespace = 'gated-system';
    expect((await validate(admissionReview(own))).allowed).toBe(true);
    const del = admissionReview(loadFixture('deployment'));
    del.request.operation = 'DELETE';
    expect(await validate(del)).toEqual({ uid: del.request.uid, allowed: true });
  });

  it('answers 400 problem+json to bodies that are not AdmissionReviews, and keeps serving', async () => {
    for (const body of [
      'not json',
      '{"apiVersion":"v1"}',
      JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { uid: '' },
      }),
    ]) {
      const res = await httpsRequest(`${gate.url}/validate`, { method: 'POST', body });
      expect(res.status).toBe(400);
      expect(res.json<{ status: number; title: string }>()).toMatchObject({ status: 400 });
    }
    expect((await httpsRequest(`${gate.url}/healthz`)).status).toBe(200);
  });

  it('refuses an unreadable object with code 400 in the AdmissionResponse (a user error)', async () => {
    const pod = loadFixture('pod');
    const spec = pod.spec as { containers: Record<string, unknown>[] };
    delete spec.containers[0]?.image;
    const response = await validate(admissionReview(pod));
    expect(response.allowed).toBe(false);
    expect(response.status?.code).toBe(400);
  });

  it('exposes Prometheus metrics: latency, decisions, cache, policy, queue', async () => {
    const text = (await httpsRequest(`${gate.url}/metrics`)).text;
    expect(text).toMatch(/gated_admission_decisions_total\{decision="Deny",rule="[^"]+"\} [1-9]/);
    expect(text).toMatch(/gated_admission_duration_seconds_count\{decision="Deny"\} [1-9]/);
    expect(text).toMatch(/gated_findings_cache_hits_total\{kind="(tag|digest)"\} [1-9]/);
    expect(text).toMatch(/gated_findings_cache_misses_total\{kind="tag"\} [1-9]/);
    expect(text).toContain('gated_policy_info{revision="r1",source="control-plane"} 1');
    expect(text).toMatch(/gated_policy_age_seconds \d/);
    expect(text).toMatch(/gated_event_queue_depth \d/);
    expect(text).toContain('gated_event_drops_total{reason="queue_full"} 0');
  });

  it('enforces a rule change published by the control plane within 5 s', async () => {
    cp.setPolicy(
      testPolicy([testRule({ name: 'No criticals', action: 'Audit' })], { revision: 'r2' }),
    );
    await eventually('revision r2', () => gate.policy.revision === 'r2', 5000);
    const response = await validate(admissionReview(loadFixture('deployment')));
    expect(response.allowed).toBe(true);
    expect(response.warnings?.join(' ')).toContain('No criticals');
    expect(cp.seenEtags).toContain('"r1"');
    expect(cp.lastPolicyHeaders['x-gate-version']).toBeTruthy();
  });
});
