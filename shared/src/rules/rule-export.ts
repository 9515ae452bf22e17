import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { fieldErrorsFromZod } from '../errors/errors.js';
import { ruleNameKey } from './rule-name.js';
import type { FieldError } from '../errors/problem.schema.js';
import {
  RuleExportDocumentSchema,
  RuleInputSchema,
  type RuleImportResult,
  type RuleInput,
} from './rule.schema.js';

export interface ParsedRuleExport {
  ungatedRegistries: string[] | undefined;
  rules: RuleInput[];
}

/** One rule of a policy-as-code document: its parsed input, or why it is refused. */
export interface RuleExportEntry {
  index: number;
  name: string | undefined;
  input: RuleInput | undefined;
  errors: FieldError[];
}

/**
 * Reads a policy-as-code document (YAML or JSON; JSON is YAML) and checks every rule on its own,
 * so the import preview and the all-or-nothing import judge each rule the same way.
 */
export function readRuleExportEntries(
  text: string,
):
  | { ok: true; ungatedRegistries: string[] | undefined; entries: RuleExportEntry[] }
  | { ok: false; errors: RuleImportResult['errors']; detail: string } {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    return {
      ok: false,
      detail: `Not valid YAML or JSON: ${(e as Error).message.split('\n')[0] ?? ''}`,
      errors: [],
    };
  }
  const doc = RuleExportDocumentSchema.safeParse(raw);
  if (!doc.success) {
    return {
      ok: false,
      detail: 'Not a SecurityRuleList document (apiVersion gated.dev/v1)',
      errors: [{ index: -1, errors: fieldErrorsFromZod(doc.error) }],
    };
  }
  const names = new Map<string, number>();
  const entries = doc.data.rules.map((entry, index): RuleExportEntry => {
    const parsed = RuleInputSchema.safeParse(entry);
    const name =
      typeof entry === 'object' && entry && 'name' in entry && typeof entry.name === 'string'
        ? entry.name
        : undefined;
    if (!parsed.success)
      return { index, name, input: undefined, errors: fieldErrorsFromZod(parsed.error) };
    const key = ruleNameKey(parsed.data.name);
    const first = names.get(key);
    if (first !== undefined) {
      const dup: FieldError = {
        path: 'name',
        message: `Same name as rule ${first} in this document`,
      };
      return { index, name: parsed.data.name, input: undefined, errors: [dup] };
    }
    names.set(key, index);
    return { index, name: parsed.data.name, input: parsed.data, errors: [] };
  });
  return { ok: true, ungatedRegistries: doc.data.ungatedRegistries, entries };
}

/**
 * Reads a policy-as-code document and validates every rule before anything is applied. Returns
 * either all rules or every error, per rule, never a partial result.
 */
export function parseRuleExport(
  text: string,
):
  | { ok: true; value: ParsedRuleExport }
  | { ok: false; errors: RuleImportResult['errors']; detail: string } {
  const read = readRuleExportEntries(text);
  if (!read.ok) return read;
  const errors: RuleImportResult['errors'] = read.entries
    .filter((e) => e.errors.length > 0)
    .map((e) => ({ index: e.index, ...(e.name ? { name: e.name } : {}), errors: e.errors }));
  if (errors.length > 0)
    return {
      ok: false,
      detail: `${errors.length} rule(s) are not valid; nothing was applied`,
      errors,
    };
  const rules = read.entries.flatMap((e) => (e.input ? [e.input] : []));
  return { ok: true, value: { ungatedRegistries: read.ungatedRegistries, rules } };
}

/** Writes rules as the policy-as-code YAML document. */
export function formatRuleExport(rules: RuleInput[], ungatedRegistries?: string[]): string {
  return stringifyYaml({
    apiVersion: 'gated.dev/v1',
    kind: 'SecurityRuleList',
    ...(ungatedRegistries ? { ungatedRegistries } : {}),
    rules,
  });
}

/**
 * The 400 answer for a document `parseRuleExport` refused, as the control plane gives it: one
 * field error per problem, with paths into the document (`rules.2.name`).
 */
export function ruleExportProblem(refused: {
  errors: RuleImportResult['errors'];
  detail: string;
}): {
  detail: string;
  errors: FieldError[];
} {
  const errors = refused.errors.flatMap((r) =>
    r.errors.map((e) => ({
      path: r.index >= 0 ? `rules.${r.index}${e.path ? `.${e.path}` : ''}` : e.path,
      message: e.message,
    })),
  );
  return {
    detail: refused.detail,
    errors: errors.length ? errors : [{ path: '', message: refused.detail }],
  };
}
