/**
 * Kubernetes label selectors in their string form, equality- and set-based
 * (`app=web,tier!=db`, `env in (prod,staging)`, `!canary`, `team`), as `kubectl -l` accepts them.
 */
export type LabelRequirement =
  | { key: string; operator: 'In' | 'NotIn'; values: string[] }
  | { key: string; operator: 'Exists' | 'DoesNotExist' };

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of input) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Parses a selector; returns the requirements (AND-ed) or an error message. */
export function parseLabelSelector(input: string): LabelRequirement[] | { error: string } {
  const trimmed = input.trim();
  if (trimmed.length === 0) return { error: 'label selector is empty' };
  const requirements: LabelRequirement[] = [];
  for (const raw of splitTopLevel(trimmed)) {
    const part = raw.trim();
    if (part.length === 0) return { error: `empty requirement in "${input}"` };
    const set = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
    if (set) {
      const [, key = '', op, list = ''] = set;
      const values = list.split(',').map((v) => v.trim());
      if (!KEY.test(key)) return { error: `invalid label key "${key}"` };
      if (values.some((v) => !VALUE.test(v))) return { error: `invalid label value in "${part}"` };
      requirements.push({ key, operator: op === 'in' ? 'In' : 'NotIn', values });
      continue;
    }
    const eq = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (eq) {
      const [, key = '', op, value = ''] = eq;
      if (!KEY.test(key)) return { error: `invalid label key "${key}"` };
      if (!VALUE.test(value)) return { error: `invalid label value "${value}"` };
      requirements.push({ key, operator: op === '!=' ? 'NotIn' : 'In', values: [value] });
      continue;
    }
    const exists = /^(!?)\s*([^\s!=()]+)$/.exec(part);
    if (exists) {
      const [, bang, key = ''] = exists;
      if (!KEY.test(key)) return { error: `invalid label key "${key}"` };
      requirements.push({ key, operator: bang ? 'DoesNotExist' : 'Exists' });
      continue;
    }
    return { error: `cannot parse "${part}" as a label requirement` };
  }
  return requirements;
}

/** True when every requirement holds for `labels` (Kubernetes semantics: NotIn holds for a missing key). */
export function labelSelectorMatches(
  requirements: readonly LabelRequirement[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'In':
        return has && r.values.includes(labels[r.key] ?? '');
      case 'NotIn':
        return !has || !r.values.includes(labels[r.key] ?? '');
    }
  });
}
