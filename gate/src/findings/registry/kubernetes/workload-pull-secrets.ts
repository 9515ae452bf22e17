/**
 * What the pull-secret path needs to know about an admitted workload: its namespace, the pod
 * template's service account and `imagePullSecrets` names. Read from hostile input like every
 * other field: total (never throws), bounded, names checked before they reach a URL.
 */
import type { AdmissionRequest } from '@gated/shared';
import { podTemplateOf } from '../../../engine/pod-spec.js';
import type { FindingsWorkload } from '../../source.js';

const MAX_NAMES = 16;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function workloadOfRequest(request: AdmissionRequest): FindingsWorkload | undefined {
  try {
    const object = request.object as Record<string, unknown> | null | undefined;
    const kind = str((request.kind as { kind?: unknown } | undefined)?.kind) ?? str(object?.kind);
    const metadata = object?.metadata as Record<string, unknown> | undefined;
    const namespace = str(request.namespace) ?? str(metadata?.namespace);
    if (!kind || !namespace || !object) return undefined;
    const template = podTemplateOf(kind, object);
    if ('error' in template) return undefined;
    const spec = template.spec;
    const refs = Array.isArray(spec.imagePullSecrets)
      ? spec.imagePullSecrets.slice(0, MAX_NAMES)
      : [];
    const imagePullSecrets = refs.flatMap((r: unknown) => {
      const name = str((r as { name?: unknown } | null)?.name);
      return name ? [name] : [];
    });
    return {
      namespace,
      serviceAccountName: str(spec.serviceAccountName) ?? str(spec.serviceAccount) ?? 'default',
      imagePullSecrets,
    };
  } catch {
    return undefined;
  }
}
