/** Request body limits answered as 413 problem+json. */
import { AppError } from '@gated/shared';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env.js';

export const FINDINGS_UPLOAD_LIMIT = 32 * 1024 * 1024;

export function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${maxSize} bytes`);
    },
  });
}
