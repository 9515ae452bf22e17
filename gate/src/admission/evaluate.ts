/**
 * The innermost handler, the hot path: extract the subject → prefetch findings within the budget
 * (no I/O when the cache answers) → evaluate with the engine → answer; the trace and the event are
 * built and enqueued after the answer is written (dry-runs excepted). User errors (an unreadable object) are denials with code 400;
 * anything thrown here is an internal error and becomes a 500.
 */
import { randomUUID } from 'node:crypto';
import type { AdmissionEvent } from '@gated/shared';
import {
  evaluateSubjectDeferred,
  extractSubject,
  imagesToLookup,
  withTrace,
  type FindingsLookup,
} from '../engine/index.js';
import { admissionRepeat, buildAdmissionEvent, type EventRepeat } from '../events/event.js';
import type { FindingsCache } from '../findings/cache.js';
import { workloadOfRequest } from '../findings/registry/kubernetes/workload-pull-secrets.js';
import type { PolicyStore } from '../policy/store.js';
import type { AdmissionHandler } from './chain.js';
import { allow, deny, warn } from './review.js';

export interface EvaluationDeps {
  policy: PolicyStore;
  findings: FindingsCache;
  /** Never awaited; must not throw (the queue drops oldest when full). */
  enqueue: (event: AdmissionEvent) => void;
  /**
   * Folds a repeat into its waiting event without the event (and its trace) being built; false
   * when there is nothing to fold into, and the full event goes to `enqueue`. Must not throw.
   */
  foldRepeat?: (repeat: EventRepeat) => boolean;
  clock?: () => number;
}

/** No policy yet (readiness keeps the Service from routing here): 500, failurePolicy decides. */
export class NoPolicyError extends Error {
  constructor() {
    super('no policy loaded yet');
    this.name = 'NoPolicyError';
  }
}

const NO_FINDINGS: FindingsLookup = {
  resolveDigest: () => undefined,
  findings: () => ({ status: 'unscanned' }),
};

export function evaluationHandler(deps: EvaluationDeps): AdmissionHandler {
  const clock = deps.clock ?? Date.now;
  return async (request) => {
    const active = deps.policy.current;
    if (!active) throw new NoPolicyError();
    const started = performance.now();
    const subject = extractSubject(request);
    if ('error' in subject) {
      return subject.category === 'malformed'
        ? { response: deny(request.uid, subject.error, 400), outcome: 'Malformed' }
        : { response: allow(request.uid), outcome: 'Ignored' };
    }
    const { compiled, policy } = active;
    const lookup =
      compiled.gatingEnabled && compiled.findingsEnabled
        ? await deps.findings.prefetch(
            imagesToLookup(subject, compiled),
            // Only read when the cluster lets the gate use pull secrets; cheap and I/O-free either way.
            policy.securityGating.allowSecretAccess ? workloadOfRequest(request) : undefined,
          )
        : NO_FINDINGS;
    const eventId = randomUUID();
    const now = clock();
    // The answer needs the decision and its message; the trace is built for the event, after.
    const { decision, trace, images } = evaluateSubjectDeferred(subject, compiled, lookup, now, {
      eventId,
    });
    const latencyMs = performance.now() - started;

    const response =
      decision.decision === 'Deny'
        ? deny(request.uid, decision.message, 403, decision.auditAnnotations)
        : decision.decision === 'Audit'
          ? warn(request.uid, decision.warnings, decision.auditAnnotations)
          : allow(request.uid);
    const foldRepeat = deps.foldRepeat;
    const after = subject.dryRun
      ? undefined
      : () => {
          const time = new Date(now);
          // A repeat of a waiting event only bumps its count: its trace would be thrown away.
          if (
            foldRepeat?.(
              admissionRepeat(subject, decision, images(), policy, { id: eventId, time }),
            )
          )
            return;
          deps.enqueue(
            buildAdmissionEvent(subject, withTrace(decision, trace()), policy, {
              id: eventId,
              time,
              latencyMs,
            }),
          );
        };
    return {
      response,
      outcome: decision.decision,
      ...(decision.decidingRule ? { rule: decision.decidingRule.id } : {}),
      ...(after ? { after } : {}),
    };
  };
}
