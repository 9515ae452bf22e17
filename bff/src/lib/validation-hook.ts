/**
 * The validator throws (docs/conventions.md#validator-throws): every @hono/zod-openapi route
 * validates with the shared schemas and hands failures to the one error mapper, with field paths
 * prefixed by where they came from (`query.limit`; body paths bare). Unknown keys are reported at
 * their own path.
 */
import { InputError, fieldPath, type FieldError } from '@gated/shared';
import type { ZodError } from 'zod';

export function fieldErrors(error: ZodError, prefix: string[]): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: fieldPath([...prefix, ...issue.path, key]),
        message: `Unknown field "${key}"`,
      }));
    }
    return [{ path: fieldPath([...prefix, ...issue.path]), message: issue.message }];
  });
}

export function throwingHook(
  result: { success: true } | { success: false; error: ZodError; target?: string },
): void {
  if (result.success) return;
  const prefix = result.target === 'json' || !result.target ? [] : [result.target];
  throw new InputError('The request is not valid', fieldErrors(result.error, prefix));
}
