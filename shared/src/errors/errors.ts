import type { z } from 'zod';
import type { FieldError, Problem } from './problem.schema.js';

/** Stable machine-readable error codes; the HTTP status follows from the code. */
export const ERROR_STATUS = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PRECONDITION_REQUIRED: 428,
  IMPACT_NOT_ACKNOWLEDGED: 428,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  INVALID_INPUT: 'The request is not valid',
  UNAUTHENTICATED: 'Sign in first',
  NOT_ALLOWED: 'Your role does not allow this',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict with the current state',
  PRECONDITION_FAILED: 'Changed by someone else',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type',
  PRECONDITION_REQUIRED: 'If-Match header required',
  IMPACT_NOT_ACKNOWLEDGED: 'Acknowledge the impact preview first',
  TOO_MANY_REQUESTS: 'Too many attempts',
  INTERNAL: 'Internal error',
  UNAVAILABLE: 'Temporarily unavailable',
};

/** Base of every business error. Code throws these; one error mapper turns them into problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  constructor(code: ErrorCode, detail?: string, errors?: FieldError[]) {
    super(detail ?? TITLES[code]);
    this.name = new.target.name;
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.errors = errors;
  }

  /** The problem+json body for this error. */
  toProblem(requestId?: string): Problem {
    return {
      type: `https://gated.dev/problems/${this.code.toLowerCase().replaceAll('_', '-')}`,
      title: TITLES[this.code],
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }
}

/** 400: the input is wrong; `errors` lists each field path and what is wrong with it. */
export class InputError extends AppError {
  constructor(detail: string, errors?: FieldError[]) {
    super('INVALID_INPUT', detail, errors);
  }
  /** Builds an InputError from a zod failure, one field error per issue. */
  static fromZod(
    error: z.ZodError,
    detail = 'The request is not valid',
    prefix: (string | number)[] = [],
  ): InputError {
    return new InputError(detail, fieldErrorsFromZod(error, prefix));
  }
}
/** 401: no or bad credentials. */
export class AuthenticationError extends AppError {
  constructor(detail?: string) {
    super('UNAUTHENTICATED', detail);
  }
}
/** 403: authenticated, but the role does not allow it. */
export class NotAllowedError extends AppError {
  constructor(detail?: string) {
    super('NOT_ALLOWED', detail);
  }
}
/** 404; `errors` names which of several requested ids were missing (bulk actions). */
export class NotFoundError extends AppError {
  constructor(detail?: string, errors?: FieldError[]) {
    super('NOT_FOUND', detail, errors);
  }
}
/** 409: e.g. a duplicate name, gating already installed. */
export class ConflictError extends AppError {
  constructor(detail?: string, errors?: FieldError[]) {
    super('CONFLICT', detail, errors);
  }
}
/** 412: the `If-Match` revision is not the current one (a lost update was prevented). */
export class PreconditionFailedError extends AppError {
  constructor(detail?: string) {
    super('PRECONDITION_FAILED', detail);
  }
}

/** 429: slow down; `retryAfterSeconds` goes out as the `Retry-After` header. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, detail?: string) {
    super('TOO_MANY_REQUESTS', detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Dotted field path of a zod issue (`scope.resourceConditions.0.value`); empty for the root. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** One `FieldError` per zod issue, with an optional path prefix (e.g. `rules.3`). */
export function fieldErrorsFromZod(
  error: z.ZodError,
  prefix: (string | number)[] = [],
): FieldError[] {
  return error.issues.map((issue) => ({
    path: fieldPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}
