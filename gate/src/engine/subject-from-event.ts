/**
 * Rebuilds an AdmissionSubject from a stored admission event, so the BFF's impact preview can
 * replay a draft rule over past admissions with the same engine.
 */
import type { AdmissionEvent } from '@gated/shared';
import type { AdmissionSubject } from './types.js';

/** Owner kinds that make a pod controller-owned; events record the top-level owner (a Deployment for RS pods). */
const CONTROLLER_OWNERS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
]);

/**
 * The subject of a recorded event. Replays treat the admission as a CREATE (the preview asks "what
 * would this rule have done to this workload"), so UPDATE softening does not hide it.
 */
export function subjectFromEvent(event: AdmissionEvent): AdmissionSubject {
  const owner = event.owner;
  const isPod = event.kind === 'Pod';
  return {
    operation: 'CREATE',
    dryRun: false,
    namespace: event.namespace,
    kind: event.kind,
    name: event.name,
    owner,
    controllerOwned: isPod && owner !== null && CONTROLLER_OWNERS.has(owner.kind),
    deploymentName:
      event.kind === 'Deployment' ? event.name : owner?.kind === 'Deployment' ? owner.name : null,
    podName: event.name || null,
    labels: event.labels,
    user: event.user,
    images: event.trace.images.map((i) => ({
      container: i.container,
      containerType: i.containerType,
      reference: i.reference,
    })),
    previousImages: new Set<string>(),
  };
}
