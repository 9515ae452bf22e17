import { z } from 'zod';
import { DigestSchema, FindingsReportSchema } from './findings.schema.js';

/**
 * `POST /findings/refresh`: pull the referrer reports of one image from its registry now.
 * `reference` names the image (`registry/repo:tag` or `registry/repo@sha256:…`); `digest` alone works
 * only when the control plane already knows which repository holds it.
 */
export const FindingsRefreshRequestSchema = z
  .strictObject({
    reference: z.string().min(1).max(1024).optional(),
    digest: DigestSchema.optional(),
  })
  .refine((v) => v.reference !== undefined || v.digest !== undefined, {
    message: 'Pass reference or digest',
    path: ['reference'],
  });
export type FindingsRefreshRequest = z.infer<typeof FindingsRefreshRequestSchema>;

export const FindingsRefreshResultSchema = z.object({
  /** `registry/repository` that was read. */
  repository: z.string(),
  digest: DigestSchema,
  /** How referrers were listed: the OCI 1.1 API or the `sha256-<hex>` tag fallback. */
  referrersMode: z.enum(['api', 'tag-schema']).nullable(),
  /** Every report found (VEX applied), newest first; each was handed to the store. */
  reports: z.array(FindingsReportSchema),
  /** Skipped referrers, stale reports. */
  notes: z.array(z.string()),
});
export type FindingsRefreshResult = z.infer<typeof FindingsRefreshResultSchema>;
