/** What an import would change on an existing rule: field paths with short before/after texts. */
import type { RuleFieldChange, RuleInput } from '@gated/shared';

/** Objects one level deep are compared field by field, so "scope.name" is named, not "scope". */
const NESTED = new Set(['scope', 'conditions']);
const MAX_TEXT = 200;

/** JSON with sorted keys: the store (jsonb) does not keep the key order a document was written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function text(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const t = typeof value === 'string' ? value : canonical(value);
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t;
}

function compare(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  prefix: string,
  out: RuleFieldChange[],
): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    if (canonical(a) === canonical(b)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (!prefix && NESTED.has(key) && a && b && typeof a === 'object' && typeof b === 'object') {
      compare(a as Record<string, unknown>, b as Record<string, unknown>, path, out);
      continue;
    }
    const change: RuleFieldChange = { path };
    const from = text(a);
    const to = text(b);
    if (from !== undefined) change.before = from;
    if (to !== undefined) change.after = to;
    out.push(change);
  }
}

/** The fields `next` changes on `current`; empty when the import would leave the rule as it is. */
export function ruleChanges(current: RuleInput, next: RuleInput): RuleFieldChange[] {
  const out: RuleFieldChange[] = [];
  compare(
    JSON.parse(JSON.stringify(current)) as Record<string, unknown>,
    JSON.parse(JSON.stringify(next)) as Record<string, unknown>,
    '',
    out,
  );
  return out;
}
