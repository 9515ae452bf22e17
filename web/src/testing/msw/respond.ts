// Answers of the fake API: every body is parsed with its shared schema on the way out (so the fake
// can never drift from the contract), errors are problem+json like the BFF's.
import { type FieldError, fieldErrorsFromZod, PROBLEM_CONTENT_TYPE } from '@gated/shared';
import { HttpResponse } from 'msw';
import type { ZodType } from 'zod';
import { db, type MockSession } from './mock-db';

/** JSON answer validated with `schema` (throws in the test when the fake itself is wrong). */
export function respond<T>(
  schema: ZodType<T>,
  data: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
) {
  const body = schema.parse(data);
  return HttpResponse.json(body as never, { status: init.status ?? 200, headers: init.headers });
}

const CODES: Record<number, string> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'NOT_ALLOWED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  428: 'PRECONDITION_REQUIRED',
  500: 'INTERNAL',
};

export function problem(status: number, detail: string, errors?: FieldError[], codeOf?: string) {
  const code = codeOf ?? CODES[status] ?? 'INTERNAL';
  return HttpResponse.json(
    {
      type: `https://gated.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: detail,
      status,
      detail,
      code,
      ...(errors ? { errors } : {}),
      requestId: 'req-mock',
    },
    { status, headers: { 'Content-Type': PROBLEM_CONTENT_TYPE } },
  );
}

/** Validates a request body with the shared input schema: the data, or a 400 problem with field paths. */
export async function parseBody<T>(
  request: Request,
  schema: ZodType<T>,
): Promise<{ data: T } | { error: Response }> {
  let json: unknown;
  try {
    json = await request.json();
  } catch {
    return { error: problem(400, 'The body is not JSON') };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return { error: problem(400, 'The request is not valid', fieldErrorsFromZod(parsed.error)) };
  return { data: parsed.data };
}

/** The signed-in session, or a 401 answer. */
export function requireSession(): { session: MockSession } | { error: Response } {
  if (!db.session) return { error: problem(401, 'Sign in first') };
  return { session: db.session };
}

/** A signed-in admin with the right CSRF token, or a 401/403 answer (readers get 403 on writes). */
export function requireWriter(request: Request): { session: MockSession } | { error: Response } {
  const s = requireSession();
  if ('error' in s) return s;
  if (request.headers.get('X-CSRF-Token') !== s.session.csrfToken)
    return { error: problem(403, 'Missing or wrong CSRF token') };
  if (s.session.role !== 'SecurityAdmin')
    return {
      error: problem(403, 'Your role does not allow this: Requires the Security Admin role'),
    };
  return s;
}
