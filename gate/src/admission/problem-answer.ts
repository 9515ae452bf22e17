/**
 * The gate's error bodies: the shared problem model (shared/src/errors), written straight to a
 * `node:http` response so every route, Hono's or the raw `/validate` path, answers the same way.
 */
import type { ServerResponse } from 'node:http';
import { AppError, PROBLEM_CONTENT_TYPE, type ErrorCode, type FieldError } from '@gated/shared';

/** The problem+json text for `code` (the status follows from the code). */
export function problemText(code: ErrorCode, detail: string, errors?: FieldError[]): string {
  return JSON.stringify(new AppError(code, detail, errors).toProblem());
}

/** Writes a problem answer; `close` also ends the connection once it is written. */
export function writeProblem(
  res: ServerResponse,
  code: ErrorCode,
  detail: string,
  options: { errors?: FieldError[]; close?: boolean } = {},
): void {
  const error = new AppError(code, detail, options.errors);
  const text = JSON.stringify(error.toProblem());
  res.writeHead(error.status, {
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    ...(options.close ? { connection: 'close' } : {}),
  });
  res.end(text);
}
