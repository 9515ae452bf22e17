/**
 * The admission chain: a handler is `(request) => Promise<AdmissionResult>`, and each `with*`
 * decorator wraps one concern around it (Kyverno's handlers/filter pattern). They are assembled in
 * one place only, server.ts, where their order is commented and tested.
 */
import type { AdmissionRequest, AdmissionResponse } from '@gated/shared';
import type { GateMetrics } from '../observability/metrics.js';
import { allow } from './review.js';

export interface AdmissionResult {
  response: AdmissionResponse;
  /** Metrics label: Allow, Audit, Deny, NotGated, or why it was not evaluated (Skipped, Excluded, Malformed, Ignored). */
  outcome: string;
  /** Id of the rule that decided (Deny/Audit), for the rule-level decision counter. */
  rule?: string;
  /** Runs after the answer is written (enqueueing the event): never delays the API server. */
  after?: () => void;
}

export type AdmissionHandler = (request: AdmissionRequest) => Promise<AdmissionResult>;

/** Thrown by `withTimeout`: an internal failure, answered with 500 so failurePolicy decides. */
export class AdmissionTimeoutError extends Error {
  constructor(ms: number) {
    super(`admission not decided within ${ms} ms`);
    this.name = 'AdmissionTimeoutError';
  }
}

/** Only CREATE and UPDATE are gated; anything else (a too-wide webhook rule) is allowed untouched. */
export function withOperationFilter(next: AdmissionHandler): AdmissionHandler {
  return (request) =>
    request.operation === 'CREATE' || request.operation === 'UPDATE'
      ? next(request)
      : Promise.resolve({ response: allow(request.uid), outcome: 'Skipped' });
}

/**
 * The gate's own namespace and service account are always allowed
 * (docs/conventions.md#gate-self-exclusion): a policy that denied the gate's own pods could never
 * be repaired through the gate.
 */
export function withSelfExclusion(self: { namespace: string; serviceAccount: string }) {
  const username = `system:serviceaccount:${self.namespace}:${self.serviceAccount}`;
  return (next: AdmissionHandler): AdmissionHandler =>
    (request) =>
      request.namespace === self.namespace || request.userInfo.username === username
        ? Promise.resolve({ response: allow(request.uid), outcome: 'Excluded' })
        : next(request);
}

/** Bounds one admission; past `ms` the request fails (500) instead of hanging the API server. */
export function withTimeout(ms: number) {
  return (next: AdmissionHandler): AdmissionHandler =>
    (request) =>
      new Promise<AdmissionResult>((resolve, reject) => {
        const timer = setTimeout(() => reject(new AdmissionTimeoutError(ms)), ms);
        next(request).then(
          (r) => {
            clearTimeout(timer);
            resolve(r);
          },
          (e: unknown) => {
            clearTimeout(timer);
            reject(e instanceof Error ? e : new Error(String(e)));
          },
        );
      });
}

/** Latency histogram/summary and decision counters; failures count as `Error`. */
export function withMetrics(metrics: GateMetrics) {
  return (next: AdmissionHandler): AdmissionHandler =>
    async (request) => {
      const started = performance.now();
      try {
        const result = await next(request);
        const seconds = (performance.now() - started) / 1000;
        metrics.observeAdmission(result.outcome, result.rule ?? '', seconds);
        return result;
      } catch (e) {
        metrics.countDecision('Error', '');
        throw e;
      }
    };
}
