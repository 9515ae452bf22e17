/**
 * AdmissionRequest → AdmissionSubject: the workload facts the rules look at. Pure and total: any
 * request shape yields a subject or a `SubjectError`, never a throw.
 */
import type { AdmissionRequest } from '@gated/shared';
import { parseImageReferenceCached } from './parse-cache.js';
import { GATED_KINDS, imagesOfPodSpec, podTemplateOf, previousImagesOf } from './pod-spec.js';
import { ownerFacts } from './owner-chain.js';
import { asLabels, asRecord, asString, dig } from './read-object.js';
import type { AdmissionSubject, SubjectError } from './types.js';

/** The normalised form of a reference, or the reference itself when it does not parse. */
export function normalizedOrRaw(reference: string): string {
  const parsed = parseImageReferenceCached(reference);
  return 'error' in parsed ? reference : parsed.normalized;
}

/** True when `extractSubject` (or `evaluateAdmission`) returned an error. */
export function isSubjectError(value: unknown): value is SubjectError {
  return typeof value === 'object' && value !== null && 'error' in value && 'category' in value;
}

/** Reads the subject of an admission request (see `SubjectError` for how the runtime answers errors). */
export function extractSubject(request: AdmissionRequest): AdmissionSubject | SubjectError {
  try {
    return extract(request);
  } catch (e) {
    // Defence in depth: the readers below are total, but a getter on a hostile object is not.
    return {
      error: `cannot read the admission request: ${e instanceof Error ? e.message : String(e)}`,
      category: 'malformed',
    };
  }
}

function extract(request: AdmissionRequest): AdmissionSubject | SubjectError {
  const operation = request.operation;
  if (operation !== 'CREATE' && operation !== 'UPDATE') {
    return { error: `operation ${String(operation)} is not evaluated`, category: 'ignored' };
  }
  const kind =
    asString(dig(request, 'kind', 'kind')) ?? asString(dig(request.object, 'kind')) ?? '';
  if (!GATED_KINDS.has(kind))
    return { error: `kind ${kind || '(none)'} is not gated`, category: 'ignored' };
  const subResource = asString(request.subResource);
  if (subResource !== undefined && subResource !== 'ephemeralcontainers') {
    return { error: `subresource ${kind}/${subResource} is not gated`, category: 'ignored' };
  }

  const object = asRecord(request.object);
  if (!object) return { error: `${kind} object is missing`, category: 'malformed' };
  const template = podTemplateOf(kind, object);
  if ('error' in template) return { error: template.error, category: 'malformed' };
  const images = imagesOfPodSpec(template.spec);
  if ('error' in images) return { error: `${kind}: ${images.error}`, category: 'malformed' };

  const metadata = asRecord(object.metadata) ?? {};
  const name =
    asString(metadata.name) ?? asString(request.name) ?? asString(metadata.generateName) ?? '';
  const namespace = asString(request.namespace) ?? asString(metadata.namespace) ?? '';
  // A Pod's own labels, otherwise the pod template's: LabelSelector conditions select pods.
  const labels = asLabels(kind === 'Pod' ? metadata.labels : template.metadata.labels);
  const owners = ownerFacts(kind === 'EphemeralContainers' ? 'Pod' : kind, name, metadata, labels);

  const previousImages = new Set<string>();
  if (operation === 'UPDATE') {
    for (const image of previousImagesOf(kind, request.oldObject))
      previousImages.add(normalizedOrRaw(image.reference));
  }

  return {
    operation,
    dryRun: request.dryRun === true,
    namespace,
    kind: kind === 'EphemeralContainers' ? 'Pod' : kind,
    name,
    owner: owners.owner,
    controllerOwned: owners.controllerOwned,
    deploymentName: owners.deploymentName,
    podName:
      kind === 'Pod' || kind === 'EphemeralContainers'
        ? name || null
        : templatePodName(template.metadata, name),
    labels,
    user: asString(dig(request, 'userInfo', 'username')) ?? '',
    images,
    previousImages,
  };
}

/** Pods of a workload are named after it: the template's own name, its generateName, else the workload's name. */
function templatePodName(
  templateMetadata: Record<string, unknown>,
  workloadName: string,
): string | null {
  return (
    asString(templateMetadata.name) ??
    asString(templateMetadata.generateName) ??
    (workloadName || null)
  );
}
