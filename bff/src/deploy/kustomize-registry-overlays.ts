/**
 * Overlays for the gate's registry access, computed from the typed generator: the same gate built
 * with one more option, and the difference written as JSON patches (and, for pull secrets, the RBAC
 * objects as resources). So an overlay can never say something `manifests --<flag>` would not.
 * The identity values are placeholders to replace with yours (docs/install.md, section 5).
 */
import { buildManifests, type GateManifests } from '@gated/gate/deploy';

type GateOptions = Parameters<typeof buildManifests>[0];

export const REGISTRY_OVERLAYS: Record<string, GateOptions> = {
  'workload-identity-azure': { workloadIdentityClientId: '00000000-0000-0000-0000-000000000000' },
  'workload-identity-aws': { awsRoleArn: 'arn:aws:iam::123456789012:role/gated-gate' },
  'workload-identity-gcp': { gcpServiceAccount: 'gated-gate@my-project.iam.gserviceaccount.com' },
  'pull-secrets': { allowSecretAccess: true },
};

interface Patch {
  target: { kind: string; name: string; namespace: string };
  patch: string;
}

/** JSON patches turning `base`'s ServiceAccount and Deployment into `variant`'s. */
function patchesBetween(base: GateManifests, variant: GateManifests): Patch[] {
  const patches: Patch[] = [];
  const sa = variant.serviceAccount.metadata;
  if (sa?.annotations)
    patches.push({
      target: { kind: 'ServiceAccount', name: sa.name ?? '', namespace: sa.namespace ?? '' },
      patch: JSON.stringify([{ op: 'add', path: '/metadata/annotations', value: sa.annotations }]),
    });
  const ops: object[] = [];
  const from = base.deployment.spec?.template;
  const to = variant.deployment.spec?.template;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(from?.metadata?.labels, to?.metadata?.labels))
    ops.push({
      op: 'replace',
      path: '/spec/template/metadata/labels',
      value: to?.metadata?.labels,
    });
  if (!same(from?.spec?.containers[0]?.env, to?.spec?.containers[0]?.env))
    ops.push({
      op: 'replace',
      path: '/spec/template/spec/containers/0/env',
      value: to?.spec?.containers[0]?.env,
    });
  if (from?.spec?.automountServiceAccountToken !== to?.spec?.automountServiceAccountToken)
    ops.push({
      op: 'replace',
      path: '/spec/template/spec/automountServiceAccountToken',
      value: to?.spec?.automountServiceAccountToken,
    });
  const d = variant.deployment.metadata;
  if (ops.length > 0)
    patches.push({
      target: { kind: 'Deployment', name: d?.name ?? '', namespace: d?.namespace ?? '' },
      patch: JSON.stringify(ops),
    });
  return patches;
}

/** `overlays/<name>/…` files (objects to emit as YAML) for every registry overlay. */
export async function registryOverlayFiles(
  baseOptions: GateOptions,
): Promise<Record<string, object | object[]>> {
  const base = await buildManifests(baseOptions);
  const files: Record<string, object | object[]> = {};
  for (const [name, extra] of Object.entries(REGISTRY_OVERLAYS)) {
    const variant = await buildManifests({ ...baseOptions, ...extra });
    const added: object[] = [...variant.pullSecretRbac];
    if (added.length > 0) files[`overlays/${name}/rbac.yaml`] = added;
    files[`overlays/${name}/kustomization.yaml`] = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../../base', ...(added.length > 0 ? ['rbac.yaml'] : [])],
      patches: patchesBetween(base, variant),
    };
  }
  return files;
}
