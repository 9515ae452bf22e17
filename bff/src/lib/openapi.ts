/** Small helpers so route declarations stay short: JSON bodies, JSON answers, the problem answers. */
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '@gated/shared';
import type { ZodType } from 'zod';

export function jsonBody<T extends ZodType>(schema: T, description?: string) {
  return {
    body: { required: true, description, content: { 'application/json': { schema } } },
  } as const;
}

export function jsonAnswer<T extends ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
});

/** Answers every authenticated route may give. */
export const commonProblems = {
  400: problem('Invalid input (field errors in `errors`)'),
  401: problem('Not signed in'),
  403: problem('Role does not allow this, or CSRF header missing'),
} as const;

export const notFoundProblem = { 404: problem('Not found') } as const;
export const conflictProblem = { 409: problem('Conflict') } as const;
export const preconditionProblems = {
  412: problem('Stale If-Match revision'),
  428: problem('If-Match missing'),
} as const;
export const tooLargeProblem = { 413: problem('Body too large') } as const;
export const tooManyRequestsProblem = {
  429: {
    ...problem('Too many failed attempts; wait the seconds in Retry-After'),
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
  },
} as const;

export const SECURITY_USER: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];
export const SECURITY_SESSION: Record<string, string[]>[] = [{ session: [] }];
export const SECURITY_GATE: Record<string, string[]>[] = [{ gateToken: [] }];
