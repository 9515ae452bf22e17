// Policy-as-code import (docs/decisions/132): the per-rule preview and the all-or-nothing commit.
// Both are POSTs of the same document, so they are plain fetchers that screens wrap in mutations.
import {
  type RuleImportPreview,
  RuleImportPreviewSchema,
  type RuleImportResult,
  RuleImportResultSchema,
} from '@gated/shared';
import { api, parse, sendText } from './client';

/** JSON documents go as JSON, everything else as YAML (JSON is YAML too, so the server reads both). */
const contentTypeOf = (text: string) =>
  /^\s*[{[]/.test(text) ? 'application/json' : 'application/yaml';

/** `POST /rules/import/preview`: what the import would do with each rule; writes nothing. */
export function previewRulesImport(text: string): Promise<RuleImportPreview> {
  return parse(
    sendText(api.rules.import.preview.$path(), 'POST', text, contentTypeOf(text)),
    RuleImportPreviewSchema,
  );
}

/** `POST /rules/import`: applies the document all-or-nothing (400 with field paths otherwise). */
export function importRulesDocument(text: string): Promise<RuleImportResult> {
  return parse(
    sendText(api.rules.import.$path(), 'POST', text, contentTypeOf(text)),
    RuleImportResultSchema,
  );
}
