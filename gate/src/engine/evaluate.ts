/**
 * The engine: (subject, compiled policy, findings lookup, clock) → decision + trace
 * (docs/evaluation-semantics.md). Pure and synchronous: the runtime prefetches findings
 * (`imagesToLookup`) before calling it. Strictest wins: Deny if any applicable Deny rule triggers
 * unsoftened on any image, else Audit if anything triggered, else Allow; NotGated when gating is
 * off or every image is ungated.
 */
import type {
  AdmissionRequest,
  AdmissionTrace,
  ExemptionHit,
  FindingRef,
  ImageTrace,
  Vulnerability,
} from '@gated/shared';
import type { CompiledPolicy } from './compiled-policy.js';
import { extractSubject } from './extract-subject.js';
import { classifyImage, imageFacts, type ImageFacts } from './image-facts.js';
import { auditAnnotations, auditWarnings, denyMessage, eventLink } from './messages.js';
import { compareWorstFirst, toFindingRef, worstFindingRefs } from './report-facts.js';
import { compareTriggered, evaluateImage, type TriggeredRule } from './rule-outcomes.js';
import { NO_ENTRIES } from './lazy-list.js';
import { candidateRules, candidateRulesForImage } from './rule-index.js';
import type { AdmissionDecision, AdmissionSubject, FindingsLookup, SubjectError } from './types.js';

export interface EvaluateOptions {
  /** Id of the event the runtime will record: used in the portal link of messages. */
  eventId?: string;
}

/** The images whose digests and findings the runtime must prefetch: gated, parseable, distinct. */
export function imagesToLookup(
  subject: AdmissionSubject,
  compiled: CompiledPolicy,
): { normalized: string; digest?: string; registry: string }[] {
  const out = new Map<string, { normalized: string; digest?: string; registry: string }>();
  for (const image of subject.images) {
    const c = classifyImage(image.reference, compiled);
    if (!c.gated || !c.parsed || out.has(c.normalized)) continue;
    out.set(c.normalized, {
      normalized: c.normalized,
      registry: c.registry,
      ...(c.digest ? { digest: c.digest } : {}),
    });
  }
  return [...out.values()];
}

function imageTrace(
  facts: ImageFacts,
  decision: ImageTrace['decision'],
  rules: ImageTrace['rules'],
): ImageTrace {
  return {
    container: facts.image.container,
    containerType: facts.image.containerType,
    reference: facts.image.reference,
    normalized: facts.normalized,
    registry: facts.registry,
    repository: facts.repository,
    digest: facts.digest,
    digestSource: facts.digestSource,
    findingsStatus: facts.status,
    summary: facts.summary,
    worstFindings: facts.facts ? worstFindingRefs(facts.facts, facts.source) : [],
    suppressed: facts.suppressed,
    decision,
    rules,
    ...(facts.source ? { findingsSource: facts.source } : {}),
    ...(facts.signature ? { signature: facts.signature } : {}),
  };
}

/** Merges hits of the same exemption (rule id + index) across images. */
function mergeExemptions(hits: readonly ExemptionHit[]): ExemptionHit[] {
  if (hits.length === 0) return [];
  const merged = new Map<string, { hit: ExemptionHit; dropped: (readonly string[])[] }>();
  for (const hit of hits) {
    const key = `${hit.ruleId}#${hit.index}`;
    const entry = merged.get(key);
    if (!entry) merged.set(key, { hit, dropped: hit.dropped ? [hit.dropped] : [] });
    else if (hit.dropped) entry.dropped.push(hit.dropped);
  }
  return [...merged.values()].map(({ hit, dropped }) => {
    const copy: ExemptionHit = {
      ruleId: hit.ruleId,
      index: hit.index,
      type: hit.type,
      value: hit.value,
    };
    if (dropped.length === 0) return copy;
    // One image (the common case) needs no de-duplication.
    copy.dropped = dropped.length === 1 ? [...(dropped[0] ?? [])] : [...new Set(dropped.flat())];
    return copy;
  });
}

function notesFor(subject: AdmissionSubject, compiled: CompiledPolicy, tested: number): string[] {
  const notes: string[] = [];
  const { disabled, outOfCloudScope, clusterMismatch } = compiled.skipped;
  const elsewhere = compiled.rules.length - tested;
  const skipped = [
    disabled ? `${disabled} disabled` : '',
    outOfCloudScope ? `${outOfCloudScope} outside this environment's cloud scope` : '',
    clusterMismatch
      ? `${clusterMismatch} whose Cluster condition excludes ${compiled.policy.cluster.name}`
      : '',
    elsewhere > 0 ? `${elsewhere} scoped to other namespaces or images` : '',
  ].filter(Boolean);
  if (skipped.length > 0) notes.push(`rules not tested: ${skipped.join(', ')}`);
  if (!compiled.findingsEnabled)
    notes.push('Security Findings is off: every image is treated as unscanned');
  if (subject.controllerOwned && subject.owner) {
    notes.push(
      `pod owned by ${subject.owner.kind} ${subject.owner.name}: a Deny is downgraded to Audit (its workload was gated when applied)`,
    );
  } else if (subject.controllerOwned) notes.push('controller-owned: a Deny is downgraded to Audit');
  if (subject.operation === 'UPDATE' && subject.previousImages.size > 0) {
    notes.push('UPDATE: images already in the running object are audited, never denied');
  }
  if (subject.dryRun) notes.push('dry run: answered the same way, no event recorded');
  return notes;
}

function notGated(
  subject: AdmissionSubject,
  compiled: CompiledPolicy,
  facts: ImageFacts[],
  reason: string,
): AdmissionDecision {
  return {
    decision: 'NotGated',
    decidingRule: null,
    triggeredRules: [],
    exemptionsApplied: [],
    worstFinding: null,
    message: '',
    warnings: [],
    auditAnnotations: {},
    reason,
    dryRun: subject.dryRun,
    trace: {
      policyRevision: compiled.revision,
      images: facts.map((f) => imageTrace(f, 'NotGated', [])),
      notes: [reason],
    },
  };
}

/** A decision whose trace is built on demand (`trace()`), for callers that answer first. */
export interface DeferredDecision {
  decision: Omit<AdmissionDecision, 'trace'>;
  trace: () => AdmissionTrace;
  /** Each image's reference and digest, in the trace's order, without building the trace. */
  images: () => { reference: string; digest: string | null }[];
}

function imagesOf(
  facts: readonly ImageFacts[],
): () => { reference: string; digest: string | null }[] {
  return () => facts.map((f) => ({ reference: f.image.reference, digest: f.digest }));
}

function deferred(
  trace: () => AdmissionTrace,
  decision: Omit<AdmissionDecision, 'trace'>,
  facts: readonly ImageFacts[],
): DeferredDecision {
  return { decision, trace, images: imagesOf(facts) };
}

/** Events cap `reason` at 4,000 characters; one sentence never needs more than 1,000. */
export const MAX_REASON = 1000;

function clipReason(reason: string): string {
  return reason.length <= MAX_REASON ? reason : `${reason.slice(0, MAX_REASON - 3)}...`;
}

/** The decision with its trace, fields spelled out (decision 160: no spread on the hot path). */
export function withTrace(
  d: Omit<AdmissionDecision, 'trace'>,
  trace: AdmissionTrace,
): AdmissionDecision {
  return {
    decision: d.decision,
    decidingRule: d.decidingRule,
    triggeredRules: d.triggeredRules,
    exemptionsApplied: d.exemptionsApplied,
    worstFinding: d.worstFinding,
    message: d.message,
    warnings: d.warnings,
    auditAnnotations: d.auditAnnotations,
    reason: d.reason,
    dryRun: d.dryRun,
    trace,
  };
}

/** Evaluates an extracted subject at instant `now` (epoch ms). Never waits, never does I/O. */
export function evaluateSubject(
  subject: AdmissionSubject,
  compiled: CompiledPolicy,
  lookup: FindingsLookup,
  now: number,
  options: EvaluateOptions = {},
): AdmissionDecision {
  const { decision, trace } = evaluateSubjectDeferred(subject, compiled, lookup, now, options);
  return withTrace(decision, trace());
}

/**
 * `evaluateSubject` with the trace left for later: the webhook answers from `decision` and builds
 * the trace, which only the recorded event carries, after the answer is written.
 */
export function evaluateSubjectDeferred(
  subject: AdmissionSubject,
  compiled: CompiledPolicy,
  lookup: FindingsLookup,
  now: number,
  options: EvaluateOptions = {},
): DeferredDecision {
  const facts = subject.images.map((image) => imageFacts(image, subject, compiled, lookup));
  if (!compiled.gatingEnabled) {
    const d = notGated(subject, compiled, facts, 'Security Gating is off for this environment');
    return { decision: d, trace: () => d.trace, images: imagesOf(facts) };
  }
  if (!facts.some((f) => f.gated)) {
    const why =
      facts.length === 0
        ? 'the object has no container images'
        : 'every image is from an ungated registry';
    const d = notGated(subject, compiled, facts, why);
    return { decision: d, trace: () => d.trace, images: imagesOf(facts) };
  }

  const rules = candidateRules(compiled.index, subject.namespace);
  const triggered = new Map<string, TriggeredRule>();
  const exemptions: ExemptionHit[] = [];
  let tested = rules.length;
  // The answer's pass makes only the outcome; the trace's pass (buildTrace) words it, when read.
  const imageRules = facts.map((f) => {
    if (!f.gated) return null;
    const forImage = candidateRulesForImage(compiled.index, rules, f.normalized);
    tested = Math.max(tested, forImage.length);
    evaluateImage(f, forImage, subject, now, triggered, exemptions, false);
    return forImage;
  });

  // Nothing triggered is the common answer: no list to make and sort.
  const ordered: TriggeredRule[] =
    triggered.size === 0 ? NO_ENTRIES : [...triggered.values()].sort(compareTriggered);
  const deciding = ordered[0];
  const link = eventLink(compiled.policy.portalUrl, options.eventId);
  // The trace (per-image findings, every rule's evaluation, notes) is what an event records; the
  // answer needs only the decision and its message, so the trace is built when first read, by
  // evaluating again with sentences on the same facts and instant (evaluate.property.test.ts checks
  // that the two passes agree).
  const buildTrace = (): AdmissionTrace => {
    let omitted = 0;
    const images = facts.map((f, i) => {
      const forImage = imageRules[i];
      if (!forImage) return imageTrace(f, 'NotGated', []);
      const outcome = evaluateImage(f, forImage, subject, now, new Map(), [], true);
      omitted = Math.max(omitted, outcome.omitted);
      return imageTrace(f, outcome.decision, outcome.evaluations);
    });
    const notes = notesFor(subject, compiled, tested);
    if (omitted > 0)
      notes.push(
        `up to ${omitted} more rules per image did not apply (resource conditions unmet) and are not listed`,
      );
    return { policyRevision: compiled.revision, images, notes };
  };
  const triggeredRules = ordered.map((r) => r.compiled.ref);
  const exemptionsApplied = mergeExemptions(exemptions);
  const dryRun = subject.dryRun;

  if (!deciding) {
    let worst: { v: Vulnerability; source: string | undefined } | null = null;
    for (const f of facts) {
      const v = f.gated ? f.facts?.sorted[0] : undefined;
      // Strictly worse only: on a tie the first image's finding stays (sortWorstFirst is stable).
      if (v && (!worst || compareWorstFirst(worst.v, v) > 0)) worst = { v, source: f.source };
    }
    const worstFinding: FindingRef | null = worst ? toFindingRef(worst.v, worst.source) : null;
    const gated = facts.filter((f) => f.gated).length;
    return deferred(
      buildTrace,
      {
        triggeredRules,
        exemptionsApplied,
        dryRun,
        decision: 'Allow',
        decidingRule: null,
        worstFinding,
        message: '',
        warnings: [],
        auditAnnotations: {},
        reason: `no rule triggered (${tested} rule${tested === 1 ? '' : 's'} tested on ${gated} gated image${gated === 1 ? '' : 's'})`,
      },
      facts,
    );
  }

  const decision = deciding.effectiveAction;
  const worstFinding = deciding.worst
    ? toFindingRef(deciding.worst.finding, deciding.worst.source)
    : null;
  const firstHit =
    (decision === 'Deny' ? deciding.hits.find((h) => !h.softened) : undefined) ?? deciding.hits[0];
  const because = firstHit
    ? `${firstHit.triggers.join('; ')} on ${firstHit.image.image.reference}`
    : 'triggered';
  const audited = ordered.filter((r) => r.effectiveAction === 'Audit');
  return deferred(
    buildTrace,
    {
      triggeredRules,
      exemptionsApplied,
      dryRun,
      decision,
      decidingRule: deciding.compiled.ref,
      worstFinding,
      message: decision === 'Deny' ? denyMessage(deciding, ordered.slice(1), link) : '',
      warnings: decision === 'Audit' ? auditWarnings(audited, link) : [],
      auditAnnotations: auditAnnotations(
        decision,
        deciding,
        ordered,
        compiled.revision,
        options.eventId,
        link,
      ),
      reason: clipReason(
        `${decision === 'Deny' ? 'denied' : 'audited'} by rule "${deciding.compiled.ref.name}": ${because}`,
      ),
    },
    facts,
  );
}

/**
 * Extracts and evaluates. Returns a `SubjectError` instead of a decision when the request cannot be
 * evaluated: `malformed` → answer `allowed: false`, code 400, `error` as message; `ignored` →
 * `allowed: true`, no event. An exception thrown from here is an engine bug → HTTP 500 and the
 * webhook's failurePolicy decides.
 */
export function evaluateAdmission(
  request: AdmissionRequest,
  compiled: CompiledPolicy,
  lookup: FindingsLookup,
  now: number,
  options: EvaluateOptions = {},
): AdmissionDecision | SubjectError {
  const subject = extractSubject(request);
  if ('error' in subject) return subject;
  return evaluateSubject(subject, compiled, lookup, now, options);
}
