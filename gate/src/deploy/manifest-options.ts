/** What `gated-gate manifests` can be told, with defaults (seed 000's service account in kube-system). */
import { z } from 'zod';

export const ManifestOptionsSchema = z.object({
  namespace: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/)
    .default('kube-system'),
  name: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,50}[a-z0-9])?$/)
    .default('gated-gate'),
  serviceAccount: z
    .string()
    .min(1)
    .max(253)
    .default('defender-admission-controller-serviceaccount'),
  replicas: z.coerce
    .number()
    .int()
    .min(2, 'At least 2 replicas: the webhook must survive a node drain')
    .max(50)
    .default(2),
  image: z.string().min(1).default('ghcr.io/gated/gate:0.1.0'),
  failurePolicy: z.enum(['Ignore', 'Fail']).default('Ignore'),
  timeoutSeconds: z.coerce.number().int().min(1).max(30).default(3),
  controlPlaneUrl: z.url().optional(),
  /** Secret holding the cluster's gate token under key `token` (create it with kubectl, never in git). */
  tokenSecret: z.string().default('gated-gate-token'),
  /** ConfigMap holding `policy.yaml` for standalone (air-gapped/GitOps) gates instead of a control plane. */
  policyConfigMap: z.string().optional(),
  /** `cert-manager`: a Certificate + CA injection; `generated`: a CA and serving cert made now, CA bundle inlined. */
  tls: z.enum(['cert-manager', 'generated']).default('generated'),
  /** Azure Workload Identity client id (seed 000): annotates the service account, labels the pods. */
  workloadIdentityClientId: z.string().optional(),
  /** EKS IRSA: the IAM role the service account assumes for ECR (`eks.amazonaws.com/role-arn`). */
  awsRoleArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
      'An IAM role ARN (arn:aws:iam::123456789012:role/name)',
    )
    .optional(),
  /** GKE Workload Identity: the Google service account for Artifact Registry (`iam.gke.io/gcp-service-account`). */
  gcpServiceAccount: z
    .string()
    .regex(
      /^[^@\s]{1,100}@[a-z0-9.-]+\.iam\.gserviceaccount\.com$/,
      'A Google service account e-mail (gate@project.iam.gserviceaccount.com)',
    )
    .optional(),
  /**
   * The cluster's `securityGating.allowSecretAccess`: a ClusterRole with `get` on secrets and
   * serviceaccounts bound to the gate's service account, and its API token mounted. The synced
   * policy still decides whether the gate reads them (docs/decisions/070-registry-credentials.md).
   */
  allowSecretAccess: z.boolean().default(false),
});
export type ManifestOptions = z.infer<typeof ManifestOptionsSchema>;
export type ManifestOptionsInput = z.input<typeof ManifestOptionsSchema>;

/** Namespaces the webhook never sees: the system ones and the gate's own. */
export function excludedNamespaces(namespace: string): string[] {
  return [...new Set(['kube-system', 'kube-public', 'kube-node-lease', namespace])];
}
