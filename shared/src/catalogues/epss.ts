/**
 * FIRST's daily EPSS file (`epss_scores-YYYY-MM-DD.csv`, gunzipped): a `#model_version:…,score_date:…`
 * comment line, the header `cve,epss,percentile`, then one row per CVE. Strict: every row must be a
 * CVE id and a score in [0, 1]; a file without the comment line (EPSS v1, before 2022) or with any
 * bad row is refused with the line number, never stored partly read.
 */
import { InputError } from '../errors/errors.js';
import { CATALOGUE_MAX_ENTRIES } from './catalogue.schema.js';
import { KEV_CVE_ID } from './kev.js';

export interface EpssCatalogue {
  /** `model_version`, e.g. v2025.03.14. */
  version: string;
  /** `score_date` as an ISO instant. */
  publishedAt: string;
  scores: Map<string, number>;
}

const SCORE = /^(0(\.\d{1,12})?|1(\.0{1,12})?)$/;

/** `2025-01-01T00:00:00+0000` (FIRST's older form) → `2025-01-01T00:00:00+00:00`. */
function isoInstant(raw: string): string | undefined {
  const fixed = raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(fixed) ? `${fixed}T00:00:00Z` : fixed;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(withTime))
    return undefined;
  const t = Date.parse(withTime);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function refuse(line: number, message: string): never {
  throw new InputError(`Not a FIRST EPSS file: line ${line}: ${message}`, [
    { path: `line ${line}`, message },
  ]);
}

function readComment(first: string): { version: string; publishedAt: string } {
  if (!first.startsWith('#'))
    refuse(1, 'expected the "#model_version:…,score_date:…" comment line');
  const fields = new Map<string, string>();
  for (const part of first.slice(1).split(',')) {
    const at = part.indexOf(':');
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const version = fields.get('model_version');
  const date = fields.get('score_date');
  if (!version || version.length > 100) refuse(1, 'no model_version');
  const publishedAt = date ? isoInstant(date) : undefined;
  if (!publishedAt) refuse(1, 'no readable score_date');
  return { version, publishedAt };
}

/** Parses the EPSS CSV text; throws an InputError naming the first bad line. */
export function parseEpssCatalogue(text: string): EpssCatalogue {
  const lines = text.split(/\r?\n/);
  const { version, publishedAt } = readComment(lines[0] ?? '');
  const header = (lines[1] ?? '').trim();
  if (header !== 'cve,epss,percentile') refuse(2, 'expected the header "cve,epss,percentile"');
  const scores = new Map<string, number>();
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      if (i === lines.length - 1) break;
      refuse(i + 1, 'empty line');
    }
    const cells = line.split(',');
    if (cells.length !== 3) refuse(i + 1, 'expected 3 columns: cve,epss,percentile');
    const [cve = '', score = '', percentile = ''] = cells;
    if (!KEV_CVE_ID.test(cve)) refuse(i + 1, `"${cve.slice(0, 40)}" is not a CVE id`);
    if (!SCORE.test(score)) refuse(i + 1, `score "${score.slice(0, 20)}" is not between 0 and 1`);
    if (!SCORE.test(percentile))
      refuse(i + 1, `percentile "${percentile.slice(0, 20)}" is not between 0 and 1`);
    if (scores.has(cve)) refuse(i + 1, `${cve} is listed twice`);
    scores.set(cve, Number(score));
    if (scores.size > CATALOGUE_MAX_ENTRIES.epss)
      refuse(i + 1, `more than ${CATALOGUE_MAX_ENTRIES.epss} rows`);
  }
  if (scores.size === 0) refuse(3, 'the file lists no scores');
  return { version, publishedAt, scores };
}
