/**
 * CISA's Known Exploited Vulnerabilities catalogue as CISA publishes it
 * (`known_exploited_vulnerabilities.json`, schema `known_exploited_vulnerabilities_schema.json`).
 * Strict where it matters: every entry must carry a well-formed `cveID`, the count must match, and
 * a catalogue that names no CVE is refused; unknown extra fields are ignored.
 */
import { z } from 'zod';
import { InputError } from '../errors/errors.js';
import { CATALOGUE_MAX_ENTRIES } from './catalogue.schema.js';

/** CISA's own pattern for `cveID`. */
export const KEV_CVE_ID = /^CVE-\d{4}-\d{4,19}$/;

const KevDocumentSchema = z.object({
  title: z.string().max(500).optional(),
  catalogVersion: z.string().trim().min(1).max(100),
  dateReleased: z.iso.datetime({ offset: true }),
  count: z.number().int().min(0),
  vulnerabilities: z
    .array(
      z.object({
        cveID: z.string().regex(KEV_CVE_ID, 'Not a CVE id (CVE-YYYY-NNNN)'),
        dateAdded: z.iso.date().optional(),
      }),
    )
    .min(1, 'The catalogue lists no vulnerabilities')
    .max(CATALOGUE_MAX_ENTRIES.kev, `At most ${CATALOGUE_MAX_ENTRIES.kev} entries`),
});

export interface KevCatalogue {
  version: string;
  publishedAt: string;
  /** Distinct CVE ids, sorted. */
  cves: string[];
}

/** Parses the KEV JSON text; throws an InputError with field paths when it is not the catalogue. */
export function parseKevCatalogue(text: string): KevCatalogue {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InputError('Not a CISA KEV catalogue: the file is not JSON');
  }
  const parsed = KevDocumentSchema.safeParse(raw);
  if (!parsed.success)
    throw InputError.fromZod(
      parsed.error,
      'Not a CISA KEV catalogue (known_exploited_vulnerabilities.json)',
    );
  const doc = parsed.data;
  if (doc.count !== doc.vulnerabilities.length) {
    throw new InputError(
      `The catalogue says it lists ${doc.count} vulnerabilities but holds ${doc.vulnerabilities.length}: refused as incomplete`,
      [{ path: 'count', message: `Expected ${doc.vulnerabilities.length}` }],
    );
  }
  const cves = [...new Set(doc.vulnerabilities.map((v) => v.cveID))].sort();
  return { version: doc.catalogVersion, publishedAt: doc.dateReleased, cves };
}
