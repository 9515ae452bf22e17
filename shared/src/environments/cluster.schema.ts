import { z } from 'zod';

export const ClusterProviderSchema = z.enum(['AKS', 'EKS', 'GKE', 'other']);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The managed-cluster API's `securityGating` block (seed 000): which identity reads which registry. */
export const SecurityGatingBlockSchema = z.strictObject({
  enabled: z.boolean(),
  identities: z
    .array(
      z.strictObject({
        azureContainerRegistry: z.string().trim().min(1).max(253),
        identity: z.strictObject({
          resourceId: z.string().trim().min(1).max(1024),
          clientId: z.string().regex(GUID, 'A client id is a GUID'),
          objectId: z.string().regex(GUID, 'An object id is a GUID'),
        }),
      }),
    )
    .max(100)
    .default([]),
  /** Lets the gate read the pod's imagePullSecrets to reach private registries. */
  allowSecretAccess: z.boolean().default(false),
});
export type SecurityGatingBlock = z.infer<typeof SecurityGatingBlockSchema>;

/** A Kubernetes cluster whose gate pulls policy and pushes events with its own token. */
export const ClusterSchema = z.object({
  id: z.string(),
  environmentId: z.string(),
  name: z.string(),
  provider: ClusterProviderSchema,
  securityGating: SecurityGatingBlockSchema,
  /** Last time its gate called the control plane. */
  lastSeenAt: z.iso.datetime().nullable(),
  gateVersion: z.string().nullable(),
  policyRevision: z.string().nullable(),
  /** p99 admission latency the gate last reported, in ms. */
  gateP99Ms: z.number().nullable(),
  createdAt: z.iso.datetime(),
});
export type Cluster = z.infer<typeof ClusterSchema>;

export const RegisterClusterInputSchema = z.strictObject({
  environmentId: z.string().min(1, 'Choose an environment'),
  name: z
    .string()
    .trim()
    .min(1, 'Enter a name')
    .max(63, 'At most 63 characters')
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'Lower-case letters, digits and hyphens'),
  provider: ClusterProviderSchema.default('other'),
});
export type RegisterClusterInput = z.infer<typeof RegisterClusterInputSchema>;

/** The only time the gate token is shown. */
export const RegisteredClusterSchema = z.object({ cluster: ClusterSchema, gateToken: z.string() });
export type RegisteredCluster = z.infer<typeof RegisteredClusterSchema>;

export const ClusterListSchema = z.object({ items: z.array(ClusterSchema) });
