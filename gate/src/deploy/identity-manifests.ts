/**
 * The gate's identity objects: its ServiceAccount with the workload-identity annotations each
 * cloud's webhook reads (Azure `azure.workload.identity/client-id`, EKS `eks.amazonaws.com/role-arn`,
 * GKE `iam.gke.io/gcp-service-account`), and — only with `allowSecretAccess` — the least RBAC the
 * pull-secret path needs: `get` on secrets and on serviceaccounts, nothing else
 * (docs/decisions/070-registry-credentials.md says why not `list`/`watch` and why cluster-wide).
 */
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { ManifestOptions } from './manifest-options.js';

export function workloadIdentityAnnotations(o: ManifestOptions): Record<string, string> {
  return {
    ...(o.workloadIdentityClientId
      ? { 'azure.workload.identity/client-id': o.workloadIdentityClientId }
      : {}),
    ...(o.awsRoleArn ? { 'eks.amazonaws.com/role-arn': o.awsRoleArn } : {}),
    ...(o.gcpServiceAccount ? { 'iam.gke.io/gcp-service-account': o.gcpServiceAccount } : {}),
  };
}

export function gateServiceAccount(
  o: ManifestOptions,
  labels: Record<string, string>,
): IServiceAccount {
  const annotations = workloadIdentityAnnotations(o);
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: o.serviceAccount,
      namespace: o.namespace,
      labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
  };
}

export function pullSecretRbacName(o: ManifestOptions): string {
  return `${o.name}-pull-secrets`;
}

/** Empty unless `allowSecretAccess`: without it the gate gets no RBAC at all. */
export function pullSecretRbac(
  o: ManifestOptions,
  labels: Record<string, string>,
): [IClusterRole, IClusterRoleBinding] | [] {
  if (!o.allowSecretAccess) return [];
  const name = pullSecretRbacName(o);
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels },
      rules: [
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
        { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name: o.serviceAccount, namespace: o.namespace }],
    },
  ];
}
