/**
 * True when a database error (possibly wrapped by drizzle) is about the data itself: SQLSTATE class
 * 22 (data exception: a NUL in text, a number out of range) or 23 (integrity constraint). Such an
 * error is the row's fault and retrying cannot fix it; anything else (connection lost, timeout,
 * serialization) may pass on a retry.
 */
export function dataErrorOf(err: unknown): { code: string; message: string } | null {
  for (
    let e: unknown = err, depth = 0;
    e && depth < 4;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code))
      return { code, message: (e as Error).message };
  }
  return null;
}
