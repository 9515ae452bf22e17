/**
 * The import preview: what `POST /rules/import` would do with each rule of a document, judged by
 * the same reader (readRuleExportEntries) and the same name keys and diff as the import itself, and
 * without writing anything.
 */
import {
  readRuleExportEntries,
  ruleExportProblem,
  ruleNameKey,
  type Rule,
  type RuleImportPreview,
} from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { listRules, ruleInputOf } from '../../store/rules.repo.js';
import { ruleChanges } from './rule-diff.js';

type PreviewRule = RuleImportPreview['rules'][number];

function detailOf(s: RuleImportPreview['summary']): string {
  if (s.refuse > 0)
    return `${s.refuse} rule(s) would be refused, so the import would apply nothing; fix them and preview again`;
  return `The import would create ${s.create}, change ${s.change} and leave ${s.unchanged} rule(s) as they are`;
}

export async function previewImport(deps: AppDeps, text: string): Promise<RuleImportPreview> {
  const read = readRuleExportEntries(text);
  const summary = { create: 0, change: 0, unchanged: 0, refuse: 0 };
  if (!read.ok) {
    const problem = ruleExportProblem(read);
    return {
      valid: false,
      detail: problem.detail,
      summary,
      documentErrors: problem.errors,
      rules: [],
    };
  }
  const existing = new Map<string, Rule>();
  for (const rule of await listRules(deps.db)) existing.set(ruleNameKey(rule.name), rule);
  const rules = read.entries.map((entry): PreviewRule => {
    const base = { index: entry.index, ...(entry.name ? { name: entry.name } : {}) };
    if (!entry.input) {
      summary.refuse++;
      const errors = entry.errors.map((e) => ({
        path: `rules.${entry.index}${e.path ? `.${e.path}` : ''}`,
        message: e.message,
      }));
      return { ...base, outcome: 'refuse', changes: [], errors };
    }
    const current = existing.get(ruleNameKey(entry.input.name));
    if (!current) {
      summary.create++;
      return { ...base, outcome: 'create', changes: [], errors: [] };
    }
    const changes = ruleChanges(ruleInputOf(current), entry.input);
    summary[changes.length ? 'change' : 'unchanged']++;
    return {
      ...base,
      outcome: changes.length ? 'change' : 'unchanged',
      ruleId: current.id,
      changes,
      errors: [],
    };
  });
  return {
    valid: summary.refuse === 0,
    detail: detailOf(summary),
    summary,
    documentErrors: [],
    rules,
  };
}
