// Duplicating a rule (docs/decisions/132): the copy's name is "<name> (copy)", or "(copy 2)", "(copy
// 3)", … when taken, compared the way the server compares names (ruleNameKey: case, invisible
// characters and look-alike letters), and kept within the 100-character limit.
import { ruleNameKey } from '@gated/shared';

const MAX_NAME = 100;

/** A name for the copy of `name` that none of `taken` has. */
export function copyName(name: string, taken: readonly string[]): string {
  const keys = new Set(taken.map(ruleNameKey));
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
    const candidate = `${name.slice(0, MAX_NAME - suffix.length).trimEnd()}${suffix}`;
    if (!keys.has(ruleNameKey(candidate))) return candidate;
  }
}
