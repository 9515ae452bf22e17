import { z } from 'zod';
import { GateCataloguesSchema } from '../catalogues/catalogue.schema.js';
import { SecurityGatingBlockSchema } from '../environments/cluster.schema.js';
import { CloudSchema } from '../environments/environment.schema.js';
import { TrustedKeySchema } from '../findings/trusted-signer.schema.js';
import { RuleSchema } from '../rules/rule.schema.js';

/**
 * What a gate enforces: `GET /gate/policy` (ETag = revision, long-poll with If-None-Match), the
 * last-good copy on the gate's disk, or one built from a `--policy-file`. Every toggle shows here.
 */
export const GatePolicySchema = z.object({
  /** Opaque; changes whenever anything below changes. */
  revision: z.string(),
  generatedAt: z.iso.datetime(),
  cluster: z.object({ id: z.string(), name: z.string() }),
  environment: z.object({
    id: z.string(),
    cloud: CloudSchema,
    accountId: z.string(),
    name: z.string(),
  }),
  /** Defender Sensor + Security Gating both on. Off → every admission is NotGated. */
  gatingEnabled: z.boolean(),
  /** Registry Access + Security Findings both on. Off → images are treated as unscanned. */
  findingsEnabled: z.boolean(),
  /** Registry Access on: the gate may read registry referrers. */
  registryAccessEnabled: z.boolean(),
  ungatedRegistries: z.array(z.string()),
  securityGating: SecurityGatingBlockSchema,
  /** Rules whose cloud scope includes this environment (enabled and disabled; the engine skips disabled). */
  rules: z.array(RuleSchema),
  /** The environment's trusted signers: registry reports they signed satisfy `requireSignedFindings`. */
  trustedSigners: z.array(TrustedKeySchema).max(100).optional(),
  /** CISA KEV and FIRST EPSS, cut to what this policy's rules use (`knownExploited`, `epssAtLeast`). */
  catalogues: GateCataloguesSchema.optional(),
  /** Base URL of the portal, for links in messages (`<portalUrl>/admissions/<eventId>`). */
  portalUrl: z.string().nullable(),
});
export type GatePolicy = z.infer<typeof GatePolicySchema>;
