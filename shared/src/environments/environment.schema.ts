import { z } from 'zod';

export const CloudSchema = z.enum(['Azure', 'AWS', 'GCP']);
export type Cloud = z.infer<typeof CloudSchema>;

/**
 * The plan-extension toggles (portal labels: Defender Sensor → Security Gating, Registry Access →
 * Security Findings). A child cannot be on while its parent is off.
 */
export const ExtensionTogglesSchema = z
  .strictObject({
    defenderSensor: z.strictObject({ enabled: z.boolean(), securityGating: z.boolean() }),
    registryAccess: z.strictObject({ enabled: z.boolean(), securityFindings: z.boolean() }),
  })
  .superRefine((t, ctx) => {
    for (const issue of toggleHierarchyIssues(t)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type ExtensionToggles = z.infer<typeof ExtensionTogglesSchema>;

/** Portal labels of each toggle, for messages and the UI. */
export const TOGGLE_LABELS = {
  'defenderSensor.enabled': 'Defender Sensor',
  'defenderSensor.securityGating': 'Security Gating',
  'registryAccess.enabled': 'Registry Access',
  'registryAccess.securityFindings': 'Security Findings',
} as const;

/** Each child toggle that is on while its parent is off, with a message naming the parent. */
export function toggleHierarchyIssues(t: {
  defenderSensor: { enabled: boolean; securityGating: boolean };
  registryAccess: { enabled: boolean; securityFindings: boolean };
}): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  if (t.defenderSensor.securityGating && !t.defenderSensor.enabled) {
    issues.push({
      path: ['defenderSensor', 'securityGating'],
      message: 'Security Gating needs its parent Defender Sensor (defenderSensor.enabled) on',
    });
  }
  if (t.registryAccess.securityFindings && !t.registryAccess.enabled) {
    issues.push({
      path: ['registryAccess', 'securityFindings'],
      message: 'Security Findings needs its parent Registry Access (registryAccess.enabled) on',
    });
  }
  return issues;
}

export const DEFAULT_EXTENSIONS: ExtensionToggles = {
  defenderSensor: { enabled: true, securityGating: true },
  registryAccess: { enabled: true, securityFindings: true },
};

export const DEFAULT_UNGATED_REGISTRIES = [
  'mcr.microsoft.com',
  'docker.io',
  'public.ecr.aws',
  'gcr.io',
  'registry.k8s.io',
];

/** `host`, `host:port`, lower-case, as image references name registries. */
export const RegistryHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)(:\d{1,5})?$/,
    'Use a registry host such as myregistry.azurecr.io or localhost:5000',
  );

export const UngatedRegistriesSchema = z
  .array(RegistryHostSchema)
  .max(100, 'At most 100 registries')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((r, i) => {
      if (seen.has(r)) ctx.addIssue({ code: 'custom', path: [i], message: `${r} is listed twice` });
      seen.add(r);
    });
  });

const AZURE_SUBSCRIPTION = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AWS_ACCOUNT = /^\d{12}$/;
const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** A cloud account: Azure subscription, AWS account or GCP project, with its toggles and ungated registries. */
export const EnvironmentSchema = z.object({
  id: z.string(),
  cloud: CloudSchema,
  accountId: z.string(),
  name: z.string(),
  extensions: ExtensionTogglesSchema,
  ungatedRegistries: z.array(z.string()),
  /** Set once, when gating first became active (by toggle or the install call). */
  gatingInstalledAt: z.iso.datetime().nullable(),
  revision: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

export const CreateEnvironmentInputSchema = z
  .strictObject({
    cloud: CloudSchema,
    accountId: z.string().trim().min(1, 'Enter the account id').max(100),
    name: z.string().trim().min(1, 'Enter a name').max(100, 'At most 100 characters'),
    extensions: ExtensionTogglesSchema.optional(),
    ungatedRegistries: UngatedRegistriesSchema.optional(),
  })
  .superRefine((e, ctx) => {
    const ok =
      (e.cloud === 'Azure' && AZURE_SUBSCRIPTION.test(e.accountId)) ||
      (e.cloud === 'AWS' && AWS_ACCOUNT.test(e.accountId)) ||
      (e.cloud === 'GCP' && GCP_PROJECT.test(e.accountId));
    if (!ok) {
      const expected = {
        Azure: 'a subscription id (GUID)',
        AWS: 'a 12-digit account id',
        GCP: 'a project id (6-30 lower-case letters, digits, hyphens)',
      }[e.cloud];
      ctx.addIssue({
        code: 'custom',
        path: ['accountId'],
        message: `An ${e.cloud} account id is ${expected}`,
      });
    }
  });
export type CreateEnvironmentInput = z.infer<typeof CreateEnvironmentInputSchema>;

/** PATCH body: any toggles and/or the ungated registries. The hierarchy is checked on the merged result. */
export const PatchEnvironmentInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  extensions: z
    .strictObject({
      defenderSensor: z
        .strictObject({ enabled: z.boolean().optional(), securityGating: z.boolean().optional() })
        .optional(),
      registryAccess: z
        .strictObject({ enabled: z.boolean().optional(), securityFindings: z.boolean().optional() })
        .optional(),
    })
    .optional(),
  ungatedRegistries: UngatedRegistriesSchema.optional(),
});
export type PatchEnvironmentInput = z.infer<typeof PatchEnvironmentInputSchema>;

export const EnvironmentListSchema = z.object({ items: z.array(EnvironmentSchema) });
