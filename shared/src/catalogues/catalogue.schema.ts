import { z } from 'zod';

/** The two catalogues the control plane keeps: CISA KEV and FIRST EPSS (docs/decisions/080). */
export const CatalogueKindSchema = z.enum(['kev', 'epss']);
export type CatalogueKind = z.infer<typeof CatalogueKindSchema>;

/** Bytes an upload may have: the real KEV JSON is about 1.5 MB, the EPSS CSV about 10 MB. */
export const CATALOGUE_MAX_BYTES = { kev: 8 * 1024 * 1024, epss: 32 * 1024 * 1024 } as const;
/** Entries a catalogue may hold (KEV ~1,500 today, EPSS ~380,000). */
export const CATALOGUE_MAX_ENTRIES = { kev: 50_000, epss: 1_000_000 } as const;

/** `GET /catalogues` item: what was imported, of which date, by whom. */
export const CatalogueSummarySchema = z.object({
  kind: CatalogueKindSchema,
  /** "CISA Known Exploited Vulnerabilities" / "FIRST EPSS". */
  title: z.string(),
  /** KEV `catalogVersion` (2025.02.25); EPSS `model_version` (v2025.03.14). */
  version: z.string().max(100),
  /** The publisher's date: KEV `dateReleased`, EPSS `score_date`. */
  publishedAt: z.iso.datetime({ offset: true }),
  entries: z.number().int().min(0),
  importedAt: z.iso.datetime(),
  importedBy: z.string().max(200),
});
export type CatalogueSummary = z.infer<typeof CatalogueSummarySchema>;

export const CatalogueListSchema = z.object({
  /** One item per kind that has been imported; a kind never imported is absent. */
  items: z.array(CatalogueSummarySchema),
});
export type CatalogueList = z.infer<typeof CatalogueListSchema>;

const CatalogueStampSchema = z.object({
  version: z.string().max(100),
  publishedAt: z.string().max(40),
});

/**
 * What a gate receives with its policy: only what its rules use. KEV: every listed CVE id (only when
 * a rule uses `knownExploited`). EPSS: only the scores at or above the lowest `epssAtLeast` of the
 * policy's rules (`minScore`), which is all any rule can match on (docs/decisions/080).
 */
export const GateCataloguesSchema = z.object({
  kev: CatalogueStampSchema.extend({
    cves: z.array(z.string().max(30)).max(CATALOGUE_MAX_ENTRIES.kev),
  }).optional(),
  epss: CatalogueStampSchema.extend({
    minScore: z.number().min(0).max(1),
    scores: z.record(z.string().max(30), z.number().min(0).max(1)),
  }).optional(),
});
export type GateCatalogues = z.infer<typeof GateCataloguesSchema>;
