/**
 * The owner chain, as far as the admitted object tells: which Deployment a ReplicaSet or its pods
 * belong to, and whether a controller created the object (such pods were gated when their
 * workload was applied, so their Deny is downgraded to Audit;
 * docs/evaluation-semantics.md#controller-owned-pods).
 */
import type { AdmissionSubject } from './types.js';
import { asRecord, asString, type JsonRecord } from './read-object.js';

/** Owner kinds whose pods (or jobs) count as controller-owned. */
const CONTROLLERS = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

type OwnerFacts = Pick<AdmissionSubject, 'owner' | 'controllerOwned' | 'deploymentName'>;

/** The controller ownerReference (`controller: true`), else the first one. */
function controllerReference(
  metadata: JsonRecord,
): { kind: string; name: string; controller: boolean } | null {
  const refs = Array.isArray(metadata.ownerReferences)
    ? (metadata.ownerReferences as unknown[])
    : [];
  let first: { kind: string; name: string; controller: boolean } | null = null;
  for (const entry of refs) {
    const ref = asRecord(entry);
    const kind = asString(ref?.kind);
    const name = asString(ref?.name);
    if (!ref || !kind || !name) continue;
    const candidate = { kind, name, controller: ref.controller === true };
    if (candidate.controller) return candidate;
    first ??= candidate;
  }
  return first;
}

/**
 * A ReplicaSet made by a Deployment is named `<deployment>-<pod-template-hash>`, and its pods carry
 * the hash as a label; only with that label is stripping the suffix safe.
 */
function deploymentOfReplicaSet(
  replicaSetName: string,
  labels: Readonly<Record<string, string>>,
): string | null {
  const hash = labels['pod-template-hash'];
  if (!hash || !replicaSetName.endsWith(`-${hash}`)) return null;
  const name = replicaSetName.slice(0, -(hash.length + 1));
  return name.length > 0 ? name : null;
}

/** Owner, controller ownership and Deployment name of an object of `kind` named `name`. */
export function ownerFacts(
  kind: string,
  name: string,
  metadata: JsonRecord,
  labels: Readonly<Record<string, string>>,
): OwnerFacts {
  const ref = controllerReference(metadata);
  const controllerOwned = ref !== null && ref.controller && CONTROLLERS.has(ref.kind);

  if (kind === 'Deployment')
    return { owner: null, controllerOwned: false, deploymentName: name || null };
  if (!ref) return { owner: null, controllerOwned: false, deploymentName: null };

  if (kind === 'ReplicaSet' && ref.kind === 'Deployment') {
    return {
      owner: { kind: 'Deployment', name: ref.name },
      controllerOwned,
      deploymentName: ref.name,
    };
  }
  if (kind === 'Pod' && ref.kind === 'ReplicaSet') {
    const deployment = deploymentOfReplicaSet(ref.name, labels);
    return deployment
      ? {
          owner: { kind: 'Deployment', name: deployment },
          controllerOwned,
          deploymentName: deployment,
        }
      : { owner: { kind: 'ReplicaSet', name: ref.name }, controllerOwned, deploymentName: null };
  }
  return { owner: { kind: ref.kind, name: ref.name }, controllerOwned, deploymentName: null };
}
