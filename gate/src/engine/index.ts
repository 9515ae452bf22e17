/**
 * `@gated/gate/engine`: the pure admission evaluation engine (docs/evaluation-semantics.md), shared
 * by the gate's webhook and the BFF's impact preview.
 *
 * Runtime flow: `compilePolicy` once per policy revision → per request `extractSubject` →
 * `imagesToLookup` (prefetch digests and findings within the budget) → `evaluateSubject` with a
 * synchronous `FindingsLookup` over what was fetched. `evaluateAdmission` does extract + evaluate
 * when the lookup is already warm.
 */
export type {
  AdmissionDecision,
  AdmissionSubject,
  FindingsAnswer,
  FindingsLookup,
  SubjectError,
  SubjectImage,
} from './types.js';
export type { CompiledPolicy, CompiledRule } from './compiled-policy.js';
export { compilePolicy, normalizeRegistryHost } from './compile.js';
export { extractSubject, isSubjectError, normalizedOrRaw } from './extract-subject.js';
export {
  evaluateAdmission,
  evaluateSubject,
  evaluateSubjectDeferred,
  withTrace,
  imagesToLookup,
  type DeferredDecision,
  MAX_REASON,
  type EvaluateOptions,
} from './evaluate.js';
export {
  auditAnnotations,
  auditWarnings,
  denyMessage,
  eventLink,
  findingWords,
  MAX_DENY_MESSAGE,
  MAX_WARNING,
  MAX_WARNINGS,
} from './messages.js';
export { subjectFromEvent } from './subject-from-event.js';
