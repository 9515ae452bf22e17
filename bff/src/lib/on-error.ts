/** The one error mapper: AppError / zod / HTTPException → problem+json; never a stack on the wire. */
import { AppError, InputError, PROBLEM_CONTENT_TYPE, RateLimitedError } from '@gated/shared';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import type { AppEnv } from './app-env.js';

/** Maps any thrown value to the AppError the client sees. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return InputError.fromZod(err);
  if (err instanceof HTTPException) {
    if (err.status === 400)
      return new InputError(err.message || 'Malformed request body', [
        { path: '', message: err.message || 'Malformed JSON' },
      ]);
    if (err.status === 413) return new AppError('PAYLOAD_TOO_LARGE');
    if (err.status === 401) return new AppError('UNAUTHENTICATED');
    if (err.status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
    return new AppError(err.status >= 500 ? 'INTERNAL' : 'INVALID_INPUT', err.message);
  }
  return new AppError(
    'INTERNAL',
    'Something went wrong on our side; quote the request id when reporting it',
  );
}

/** Writes an AppError as problem+json. */
export function problemResponse(c: Context<AppEnv>, error: AppError): Response {
  const body = error.toProblem(c.get('requestId'));
  const headers: Record<string, string> = {
    'content-type': PROBLEM_CONTENT_TYPE,
    'x-request-id': c.get('requestId') ?? '',
  };
  if (error instanceof RateLimitedError) headers['retry-after'] = String(error.retryAfterSeconds);
  return new Response(JSON.stringify(body), { status: error.status, headers });
}

export function onError(err: Error, c: Context<AppEnv>): Response {
  const error = toAppError(err);
  if (error.status >= 500) {
    const log = c.get('deps')?.log;
    log?.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'request failed');
  }
  return problemResponse(c, error);
}
