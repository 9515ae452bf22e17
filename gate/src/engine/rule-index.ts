/**
 * Rule index, so that evaluation cost does not grow with rules that cannot apply. Each rule is
 * filed under its most selective indexable condition: `Namespace Equals` / `StartsWith` (decided
 * once per admission), else `Image Equals` / `StartsWith` on the normalised reference (decided per
 * image); only the rest are tested for every image. Candidates are still checked against all their
 * conditions: the index only narrows.
 */
import type { CompiledRule, KeyIndex, RuleIndex } from './compiled-policy.js';

function emptyKeyIndex(): KeyIndex {
  return { exact: new Map(), prefix: new Map(), prefixLengths: [] };
}

function file(map: Map<string, CompiledRule[]>, key: string, rule: CompiledRule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

/** Files the rule under its first Equals, else its first StartsWith condition of `kind`; false when it has neither. */
function fileUnder(index: KeyIndex, kind: 'Namespace' | 'Image', rule: CompiledRule): boolean {
  const equals = rule.conditions.find((c) => c.kind === kind && c.match === 'Equals');
  if (equals) {
    file(index.exact, equals.value, rule);
    return true;
  }
  const prefix = rule.conditions.find((c) => c.kind === kind && c.match === 'StartsWith');
  if (prefix) {
    file(index.prefix, prefix.value, rule);
    return true;
  }
  return false;
}

function sealPrefixLengths(index: KeyIndex): void {
  index.prefixLengths = [...new Set([...index.prefix.keys()].map((p) => p.length))].sort(
    (a, b) => a - b,
  );
}

/** Files each rule under its most selective indexable condition. */
export function buildRuleIndex(rules: readonly CompiledRule[]): RuleIndex {
  const namespace = emptyKeyIndex();
  const image = emptyKeyIndex();
  const unindexed: CompiledRule[] = [];
  for (const rule of rules) {
    if (!fileUnder(namespace, 'Namespace', rule) && !fileUnder(image, 'Image', rule))
      unindexed.push(rule);
  }
  sealPrefixLengths(namespace);
  sealPrefixLengths(image);
  return { namespace, image, unindexed };
}

/** Rules filed under `key` exactly or under one of its prefixes (one probe per distinct prefix length). */
function hits(index: KeyIndex, key: string): CompiledRule[] | undefined {
  let found = index.exact.get(key);
  for (const length of index.prefixLengths) {
    if (length > key.length) break;
    const more = index.prefix.get(key.slice(0, length));
    if (more) found = found ? found.concat(more) : more;
  }
  return found;
}

function byOrder(a: CompiledRule, b: CompiledRule): number {
  return a.order - b.order;
}

/** Rules that may apply to an admission in `namespace`, whatever the image, in policy order. */
export function candidateRules(index: RuleIndex, namespace: string): CompiledRule[] {
  const found = hits(index.namespace, namespace);
  return found ? index.unindexed.concat(found).sort(byOrder) : index.unindexed;
}

/** `subjectRules` (from `candidateRules`) plus the rules filed under this image's normalised reference. */
export function candidateRulesForImage(
  index: RuleIndex,
  subjectRules: CompiledRule[],
  normalizedImage: string,
): CompiledRule[] {
  if (index.image.exact.size === 0 && index.image.prefix.size === 0) return subjectRules;
  const found = hits(index.image, normalizedImage);
  return found ? subjectRules.concat(found).sort(byOrder) : subjectRules;
}
