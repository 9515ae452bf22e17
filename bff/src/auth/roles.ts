/**
 * Role enforcement in one place, so no route can forget it: SecurityReader may read everything and
 * manage only its own session and personal tokens; every other write needs SecurityAdmin.
 */
import { NotAllowedError } from '@gated/shared';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/app-env.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes a reader may make (paths relative to /api/v1). */
const READER_WRITES = [/^\/auth\/logout$/, /^\/tokens(\/[^/]+)?$/];

export function readerMayWrite(path: string): boolean {
  return READER_WRITES.some((re) => re.test(path));
}

export const enforceRoles: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.get('user');
  if (user.role !== 'SecurityAdmin' && !READ_METHODS.has(c.req.method)) {
    const path = c.req.path.replace(/^\/api\/v1/, '');
    if (!readerMayWrite(path))
      throw new NotAllowedError('Security readers can view but not change anything');
  }
  await next();
};
