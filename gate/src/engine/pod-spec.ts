/**
 * Where each gated kind keeps its pod template, and the images in it: Pods, Deployments,
 * ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs (one level deeper, in `spec.jobTemplate`),
 * ReplicationControllers; containers, init and ephemeral containers all count
 * (docs/evaluation-semantics.md#containers).
 */
import type { SubjectImage } from './types.js';
import { asRecord, asString, dig, type JsonRecord } from './read-object.js';

/** Kinds whose `spec.template` is a pod template. */
const TEMPLATE_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'ReplicationController',
]);

/** Every kind the engine evaluates. */
export const GATED_KINDS: ReadonlySet<string> = new Set([
  ...TEMPLATE_KINDS,
  'Pod',
  'CronJob',
  'EphemeralContainers',
]);

/** The pod's metadata and spec inside an object of `kind` (the object itself for a Pod). */
export interface PodTemplate {
  metadata: JsonRecord;
  spec: JsonRecord;
}

/** Finds the pod template of an object of a gated kind, or explains why there is none. */
export function podTemplateOf(kind: string, object: unknown): PodTemplate | { error: string } {
  let template: unknown;
  // Before Kubernetes 1.22 the ephemeralcontainers subresource sent an `EphemeralContainers` object.
  if (kind === 'EphemeralContainers') {
    return {
      metadata: asRecord(dig(object, 'metadata')) ?? {},
      spec: { ephemeralContainers: dig(object, 'ephemeralContainers') },
    };
  }
  if (kind === 'Pod') template = object;
  else if (kind === 'CronJob') template = dig(object, 'spec', 'jobTemplate', 'spec', 'template');
  else if (TEMPLATE_KINDS.has(kind)) template = dig(object, 'spec', 'template');
  else return { error: `kind ${kind} is not gated` };

  const spec = asRecord(dig(template, 'spec'));
  if (!spec) {
    const where =
      kind === 'Pod'
        ? 'spec'
        : kind === 'CronJob'
          ? 'spec.jobTemplate.spec.template.spec'
          : 'spec.template.spec';
    return { error: `${kind} has no pod spec at ${where}` };
  }
  return { metadata: asRecord(dig(template, 'metadata')) ?? {}, spec };
}

const CONTAINER_LISTS = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
] as const;

/** The images of a pod spec, in spec order: containers, then init, then ephemeral containers. */
export function imagesOfPodSpec(spec: JsonRecord): SubjectImage[] | { error: string } {
  const images: SubjectImage[] = [];
  for (const [field, containerType] of CONTAINER_LISTS) {
    const list = spec[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return { error: `spec.${field} is not a list` };
    for (const [i, entry] of (list as unknown[]).entries()) {
      const container = asRecord(entry);
      const reference = asString(container?.image);
      if (!container || !reference) return { error: `spec.${field}[${i}] has no image` };
      images.push({
        container: asString(container.name) ?? `${field}[${i}]`,
        containerType,
        reference,
      });
    }
  }
  return images;
}

/** Images of an `oldObject` (UPDATE), leniently: an unreadable old object contributes nothing. */
export function previousImagesOf(kind: string, oldObject: unknown): SubjectImage[] {
  if (oldObject === undefined || oldObject === null) return [];
  const template = podTemplateOf(kind, oldObject);
  if ('error' in template) return [];
  const images = imagesOfPodSpec(template.spec);
  return 'error' in images ? [] : images;
}
