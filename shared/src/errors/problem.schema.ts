import { z } from 'zod';

/** One field-level problem: `path` is a dotted path into the request body or query (`scope.resourceConditions.0.value`). */
export const FieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/**
 * The only error body on the wire: RFC 9457 problem+json, extended with a stable `code`, field
 * errors for validation failures and the request id to quote in a support ticket.
 */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  errors: z.array(FieldErrorSchema).optional(),
  requestId: z.string().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
