import { z } from '@hono/zod-openapi';

/** `{id}` path parameter. */
export const IdParamsSchema = z.object({ id: z.string().min(1).max(100) });
