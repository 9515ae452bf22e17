import { z } from 'zod';

const GroupVersionKind = z.object({ group: z.string(), version: z.string(), kind: z.string() });
const GroupVersionResource = z.object({
  group: z.string(),
  version: z.string(),
  resource: z.string(),
});

/** `admission.k8s.io/v1` AdmissionReview request, as the API server sends it. Objects stay unknown: the gate reads them defensively. */
export const AdmissionRequestSchema = z.looseObject({
  uid: z.string().min(1).max(128),
  kind: GroupVersionKind,
  resource: GroupVersionResource,
  subResource: z.string().optional(),
  requestKind: GroupVersionKind.optional(),
  requestResource: GroupVersionResource.optional(),
  requestSubResource: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
  userInfo: z.looseObject({
    username: z.string().optional(),
    uid: z.string().optional(),
    groups: z.array(z.string()).optional(),
  }),
  object: z.unknown().optional(),
  oldObject: z.unknown().optional(),
  dryRun: z.boolean().optional(),
  options: z.unknown().optional(),
});
export type AdmissionRequest = z.infer<typeof AdmissionRequestSchema>;

export const AdmissionReviewRequestSchema = z.looseObject({
  apiVersion: z.literal('admission.k8s.io/v1'),
  kind: z.literal('AdmissionReview'),
  request: AdmissionRequestSchema,
});
export type AdmissionReviewRequest = z.infer<typeof AdmissionReviewRequestSchema>;

export const AdmissionResponseSchema = z.object({
  uid: z.string(),
  allowed: z.boolean(),
  status: z
    .object({ code: z.number().int(), message: z.string(), reason: z.string().optional() })
    .optional(),
  warnings: z.array(z.string()).optional(),
  auditAnnotations: z.record(z.string(), z.string()).optional(),
});
export type AdmissionResponse = z.infer<typeof AdmissionResponseSchema>;

export const AdmissionReviewResponseSchema = z.object({
  apiVersion: z.literal('admission.k8s.io/v1'),
  kind: z.literal('AdmissionReview'),
  response: AdmissionResponseSchema,
});
export type AdmissionReviewResponse = z.infer<typeof AdmissionReviewResponseSchema>;
