/**
 * What an audit entry changed, as field paths with before and after values. Rules are stored whole
 * in `before`/`after`; people want "action: Audit → Deny", not two JSON documents.
 */

export interface FieldChange {
  /** Dotted path with array indexes, e.g. `conditions.severityThresholds.0.maxAllowed`. */
  path: string;
  /** `undefined` (absent in JSON) when the field was added. */
  before?: unknown;
  /** `undefined` (absent in JSON) when the field was removed. */
  after?: unknown;
}

/** Bookkeeping every stored rule carries; it changes on every write and says nothing about intent. */
const BOOKKEEPING = new Set(['id', 'revision', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(path: string, before: unknown, after: unknown, out: FieldChange[]): void {
  if (Object.is(before, after)) return;
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) {
      if (path === '' && BOOKKEEPING.has(k)) continue;
      walk(path ? `${path}.${k}` : k, before[k], after[k], out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++)
      walk(`${path}.${i}`, before[i], after[i], out);
    return;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const change: FieldChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  out.push(change);
}

/**
 * The changed leaves between two JSON values (null stands for "did not exist": a create diffs
 * against nothing, a delete against nothing after). Top-level bookkeeping fields are left out.
 */
export function diffValues(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk('', before ?? {}, after ?? {}, out);
  return out;
}
