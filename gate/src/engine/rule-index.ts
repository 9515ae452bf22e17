/**
 * Namespace index over compiled rules, so that evaluation cost does not grow with rules scoped to
 * other namespaces: a rule with a `Namespace Equals` condition is filed under that namespace, one
 * with a `Namespace StartsWith` under the prefix; only the rest are tested for every admission.
 * Candidates are still checked against all their conditions: the index only narrows.
 */
import type { CompiledRule, RuleIndex } from './compiled-policy.js';

function file(map: Map<string, CompiledRule[]>, key: string, rule: CompiledRule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

/** Files each rule under its most selective namespace condition. */
export function buildRuleIndex(rules: readonly CompiledRule[]): RuleIndex {
  const byNamespace = new Map<string, CompiledRule[]>();
  const byNamespacePrefix = new Map<string, CompiledRule[]>();
  const unindexed: CompiledRule[] = [];
  for (const rule of rules) {
    const namespaceConditions = rule.conditions.filter((c) => c.kind === 'Namespace');
    const equals = namespaceConditions.find((c) => c.match === 'Equals');
    const prefix = namespaceConditions.find((c) => c.match === 'StartsWith');
    if (equals) file(byNamespace, equals.value, rule);
    else if (prefix) file(byNamespacePrefix, prefix.value, rule);
    else unindexed.push(rule);
  }
  const prefixLengths = [...new Set([...byNamespacePrefix.keys()].map((p) => p.length))].sort((a, b) => a - b);
  return { byNamespace, byNamespacePrefix, prefixLengths, unindexed };
}

/** Rules that may apply to an admission in `namespace`, in policy order. */
export function candidateRules(index: RuleIndex, namespace: string): CompiledRule[] {
  const exact = index.byNamespace.get(namespace);
  let prefixed: CompiledRule[] | undefined;
  for (const length of index.prefixLengths) {
    if (length > namespace.length) break;
    const hits = index.byNamespacePrefix.get(namespace.slice(0, length));
    if (hits) prefixed = prefixed ? prefixed.concat(hits) : hits;
  }
  if (!exact && !prefixed) return index.unindexed;
  const all = index.unindexed.concat(exact ?? [], prefixed ?? []);
  return all.sort((a, b) => a.order - b.order);
}
