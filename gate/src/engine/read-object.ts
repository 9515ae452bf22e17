/**
 * Defensive readers over untyped JSON: admission objects are `unknown` until proven otherwise, and
 * the engine must never throw on an odd shape (a property test feeds it arbitrary JSON).
 */

export type JsonRecord = Record<string, unknown>;

/** `value` when it is a plain object (not an array, not null). */
export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : undefined;
}

/** `value` when it is a non-empty string. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Follows `path` through nested objects; `undefined` as soon as a step is not an object. */
export function dig(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const record = asRecord(current);
    if (!record || !Object.prototype.hasOwnProperty.call(record, key)) return undefined;
    current = record[key];
  }
  return current;
}

/** String-valued entries of a labels map; anything else is ignored. */
export function asLabels(value: unknown): Record<string, string> {
  const record = asRecord(value);
  const labels: Record<string, string> = {};
  if (!record) return labels;
  for (const [key, v] of Object.entries(record)) if (typeof v === 'string') labels[key] = v;
  return labels;
}
