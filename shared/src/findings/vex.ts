import { z } from 'zod';
import { InputError, fieldErrorsFromZod } from '../errors/errors.js';
import type { FindingsReport, Vulnerability } from './findings.schema.js';
import { reportTime, type ReportContext } from './report-common.js';

/** One VEX statement, from OpenVEX or CycloneDX, in the form suppression needs. */
export const VexStatementSchema = z.object({
  /** Vulnerability ID and its aliases, upper-cased. */
  ids: z.array(z.string().max(100)).max(100),
  /** `not_affected` and `fixed` suppress; anything else (`affected`, `under_investigation`) does not. */
  status: z.string().max(40),
  justification: z.string().max(200).optional(),
  /** Image digests the statement is about (`sha256:…`); empty = any image the document is applied to. */
  imageDigests: z.array(z.string().max(100)).max(1000),
  /** Package names the statement is about (plain component names), lower-cased; empty with `purls` empty = any package. */
  packages: z.array(z.string().max(2048)).max(1000),
  /** Package URLs the statement is about, canonical (`pkg:type/namespace/name[@version]`, no qualifiers). */
  purls: z.array(z.string().max(2048)).max(1000),
  /** Where it came from, as the trace shows it: `openvex https://…/vex-1`. */
  source: z.string().max(300),
  /** 1-based position of the statement in its document, so the trace can name it. */
  statement: z.number().int().positive().optional(),
});
export type VexStatement = z.infer<typeof VexStatementSchema>;

/** A parsed VEX document. */
export const VexDocumentSchema = z.object({
  format: z.enum(['openvex', 'cyclonedx']),
  issuedAt: z.iso.datetime(),
  statements: z.array(VexStatementSchema).max(100_000),
});
export type VexDocument = z.infer<typeof VexDocumentSchema>;

const SUPPRESSING = new Set(['not_affected', 'fixed']);

const OpenVexProduct = z.union([
  z.string().max(2048),
  z.looseObject({
    '@id': z.string().max(2048).optional(),
    subcomponents: z
      .array(
        z.union([z.string().max(2048), z.looseObject({ '@id': z.string().max(2048).optional() })]),
      )
      .nullish(),
  }),
]);

/** OpenVEX v0.0.x (string vulnerability, flat subcomponents) and v0.2.0 (objects). */
export const OpenVexDocumentSchema = z.looseObject({
  '@context': z.string().regex(/openvex/),
  '@id': z.string().max(2048).optional(),
  timestamp: z.string().optional(),
  statements: z
    .array(
      z.looseObject({
        vulnerability: z.union([
          z.string().min(1).max(100),
          z.looseObject({
            name: z.string().min(1).max(100),
            aliases: z.array(z.string().max(100)).nullish(),
          }),
        ]),
        products: z.array(OpenVexProduct).nullish(),
        subcomponents: z.array(OpenVexProduct).nullish(),
        status: z.string().max(40),
        justification: z.string().max(200).optional(),
      }),
    )
    .max(100_000),
});

/** CycloneDX (1.4+) VEX: `vulnerabilities[].analysis.state` with `affects[].ref`. */
export const CycloneDxVexSchema = z.looseObject({
  bomFormat: z.literal('CycloneDX'),
  serialNumber: z.string().max(200).optional(),
  metadata: z.looseObject({ timestamp: z.string().optional() }).optional(),
  components: z
    .array(
      z.looseObject({
        'bom-ref': z.string().optional(),
        name: z.string().optional(),
        purl: z.string().optional(),
      }),
    )
    .nullish(),
  vulnerabilities: z
    .array(
      z.looseObject({
        id: z.string().min(1).max(100),
        references: z.array(z.looseObject({ id: z.string().max(100) })).nullish(),
        analysis: z
          .looseObject({
            state: z.string().max(40).optional(),
            justification: z.string().max(200).optional(),
          })
          .optional(),
        affects: z.array(z.looseObject({ ref: z.string().max(2048) })).nullish(),
      }),
    )
    .max(100_000)
    .nullish(),
});

/** True when the document is an OpenVEX document. */
export function isOpenVex(doc: Record<string, unknown>): boolean {
  return typeof doc['@context'] === 'string' && doc['@context'].includes('openvex');
}
/** True when the document is a CycloneDX BOM (VEX or not). */
export function isCycloneDx(doc: Record<string, unknown>): boolean {
  return doc.bomFormat === 'CycloneDX';
}

/** Image digest in a product id: `pkg:oci/app@sha256%3A…`, `registry/app@sha256:…`. */
function digestIn(id: string): string | undefined {
  const m = /sha256(?::|%3A)([a-f0-9]{64})/i.exec(id);
  return m?.[1] ? `sha256:${m[1].toLowerCase()}` : undefined;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Names a scanner may use for a purl's package, lower-cased: the bare name (`libexpat1` of
 * `pkg:deb/debian/libexpat1@…`) and namespace/name (`@angular/core`, `golang.org/x/net`).
 * A BOM-link (`urn:cdx:…#pkg:…`) reads its fragment; anything else is taken as a plain name.
 */
export function packageKeysOf(ref: string): string[] {
  const purl = ref.includes('#') ? ref.slice(ref.lastIndexOf('#') + 1) : ref;
  if (!purl.startsWith('pkg:')) return [purl.toLowerCase()];
  const all = (purl.slice(4).split(/[@?#]/)[0] ?? '').split('/');
  const segments = all.slice(1).map(decode);
  const name = segments[segments.length - 1] ?? '';
  // Trivy names Maven packages `group:artifact` (its PkgName), so that form is a key too.
  const maven =
    all[0]?.toLowerCase() === 'maven' && segments.length > 1 ? [segments.join(':')] : [];
  return [...new Set([name, segments.join('/'), ...maven])]
    .filter(Boolean)
    .map((k) => k.toLowerCase());
}

/** A purl as `{ base: pkg:type/namespace/name, version }`, decoded, lower-cased where the spec allows; undefined when not one. */
export function parsePurl(ref: string): { base: string; version?: string } | undefined {
  const purl = ref.includes('#') ? ref.slice(ref.lastIndexOf('#') + 1) : ref;
  const m =
    /^pkg:([A-Za-z][A-Za-z0-9.+-]*)\/([^?#@]+(?:@[^?#@]*)*?)(?:@([^?#]*))?(?:[?#].*)?$/.exec(
      purl.replace(/^pkg:\/+/, 'pkg:'),
    );
  if (!m?.[1] || !m[2]) return undefined;
  const type = m[1].toLowerCase();
  const path = m[2]
    .split('/')
    .filter(Boolean)
    .map((p) => decode(p).replaceAll('@', '%40'))
    // Names are case-insensitive in these ecosystems (purl spec); Go and Maven keep their case.
    .map((p) =>
      ['npm', 'pypi', 'deb', 'apk', 'rpm', 'gem', 'nuget'].includes(type) ? p.toLowerCase() : p,
    );
  const version = m[3] ? decode(m[3]) : undefined;
  return { base: `pkg:${type}/${path.join('/')}`, ...(version ? { version } : {}) };
}

/** The canonical form of a purl (see `parsePurl`), or undefined. */
export function canonicalPurl(ref: string): string | undefined {
  const p = parsePurl(ref);
  return p ? `${p.base}${p.version ? `@${p.version}` : ''}` : undefined;
}

/** The bare package name of a purl (see `packageKeysOf`). */
export function packageNameOf(ref: string): string {
  return packageKeysOf(ref)[0] ?? '';
}

/** Sorts a product or component reference into image digests, purls and plain package names. */
function addTarget(
  ref: string,
  into: { images: string[]; packages: string[]; purls: string[] },
): void {
  const purl = canonicalPurl(ref);
  const digest = digestIn(ref);
  // `pkg:oci/app@sha256:…` names the image itself, not a package in it.
  if (digest && (!purl || purl.startsWith('pkg:oci/') || !ref.includes('pkg:')))
    into.images.push(digest);
  else if (purl) into.purls.push(purl);
  else into.packages.push(ref.toLowerCase());
}

function productIds(products: z.infer<typeof OpenVexProduct>[] | null | undefined): {
  images: string[];
  packages: string[];
  purls: string[];
} {
  const out = { images: [] as string[], packages: [] as string[], purls: [] as string[] };
  for (const p of products ?? []) {
    const id = typeof p === 'string' ? p : p['@id'];
    if (id) addTarget(id, out);
    if (typeof p !== 'string') {
      for (const s of p.subcomponents ?? []) {
        const sid = typeof s === 'string' ? s : s['@id'];
        if (sid) addTarget(sid, out);
      }
    }
  }
  return out;
}

/** Parses an OpenVEX document. Throws `InputError` with field paths when it is not one. */
export function parseOpenVex(input: unknown, ctx: ReportContext = {}): VexDocument {
  const parsed = OpenVexDocumentSchema.safeParse(input);
  if (!parsed.success)
    throw new InputError('Not an OpenVEX document', fieldErrorsFromZod(parsed.error));
  const doc = parsed.data;
  const source = `openvex${doc['@id'] ? ` ${doc['@id'].slice(0, 200)}` : ''}`;
  return {
    format: 'openvex',
    issuedAt: reportTime(doc.timestamp, ctx),
    statements: doc.statements.map((s, index) => {
      const v =
        typeof s.vulnerability === 'string'
          ? { name: s.vulnerability, aliases: [] }
          : s.vulnerability;
      const products = productIds(s.products);
      const subs = productIds(s.subcomponents);
      return {
        ids: [v.name, ...(v.aliases ?? [])].map((i) => i.toUpperCase()),
        status: s.status,
        ...(s.justification ? { justification: s.justification } : {}),
        imageDigests: products.images,
        // An image named as a subcomponent is a package of the product, matched by name.
        packages: [...products.packages, ...subs.packages, ...subs.images],
        purls: [...products.purls, ...subs.purls],
        source,
        statement: index + 1,
      };
    }),
  };
}

const CDX_STATUS: Record<string, string> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
};

/** Parses the VEX part of a CycloneDX BOM. Throws `InputError` with field paths when it is not one. */
export function parseCycloneDxVex(input: unknown, ctx: ReportContext = {}): VexDocument {
  const parsed = CycloneDxVexSchema.safeParse(input);
  if (!parsed.success)
    throw new InputError('Not a CycloneDX document', fieldErrorsFromZod(parsed.error));
  const doc = parsed.data;
  const byRef = new Map(
    (doc.components ?? []).flatMap((c) =>
      c['bom-ref'] ? [[c['bom-ref'], c.purl ?? c.name ?? c['bom-ref']] as const] : [],
    ),
  );
  const source = `cyclonedx${doc.serialNumber ? ` ${doc.serialNumber.slice(0, 200)}` : ''}`;
  return {
    format: 'cyclonedx',
    issuedAt: reportTime(doc.metadata?.timestamp, ctx),
    statements: (doc.vulnerabilities ?? []).map((v, index) => {
      const targets = { images: [] as string[], packages: [] as string[], purls: [] as string[] };
      for (const a of v.affects ?? []) addTarget(byRef.get(a.ref) ?? a.ref, targets);
      const { images, packages, purls } = targets;
      return {
        ids: [v.id, ...(v.references ?? []).map((r) => r.id)].map((i) => i.toUpperCase()),
        status: CDX_STATUS[v.analysis?.state ?? ''] ?? 'affected',
        ...(v.analysis?.justification ? { justification: v.analysis.justification } : {}),
        imageDigests: images,
        packages,
        purls,
        source,
        statement: index + 1,
      };
    }),
  };
}

/** Name keys of a finding's package: its name lower-cased, and Maven's `group:artifact` as `group/artifact`. */
function nameKeysOf(pkg: string): string[] {
  const name = pkg.toLowerCase();
  return name.includes(':') ? [name, name.replace(':', '/')] : [name];
}

/**
 * Whether a statement's packages cover a finding: by purl when both carry one (a statement purl with a version
 * covers that version only), else by name — the purl's name keys or a plain name against the finding's package.
 */
function statementCovers(s: VexStatement, v: Vulnerability): boolean {
  if (s.packages.length === 0 && s.purls.length === 0) return true;
  const mine = v.purl ? parsePurl(v.purl) : undefined;
  const names = nameKeysOf(v.package);
  for (const ref of s.purls) {
    const theirs = parsePurl(ref);
    if (!theirs) continue;
    if (mine) {
      if (theirs.base === mine.base && (!theirs.version || theirs.version === mine.version))
        return true;
      continue;
    }
    const versionOk = !theirs.version || theirs.version === v.installedVersion;
    if (versionOk && packageKeysOf(ref).some((k) => names.includes(k))) return true;
  }
  return s.packages.some((p) => names.includes(p));
}

/**
 * Moves the findings that `not_affected` / `fixed` statements cover into `suppressed`, with the statement's
 * source, so the trace can show them and rules never count them. Returns a new report.
 */
export function applyVex(
  report: FindingsReport,
  statements: readonly VexStatement[],
): FindingsReport {
  const active = statements.filter(
    (s) =>
      SUPPRESSING.has(s.status) &&
      (s.imageDigests.length === 0 || s.imageDigests.includes(report.digest)),
  );
  if (active.length === 0) return report;
  const kept: FindingsReport['vulnerabilities'] = [];
  const suppressed = [...report.suppressed];
  for (const v of report.vulnerabilities) {
    const id = v.id.toUpperCase();
    const hit = active.find((s) => s.ids.includes(id) && statementCovers(s, v));
    if (!hit) {
      kept.push(v);
      continue;
    }
    suppressed.push({
      id: v.id,
      package: v.package,
      status: hit.status,
      ...(hit.justification ? { justification: hit.justification } : {}),
      source: hit.source,
      ...(hit.statement ? { statement: hit.statement } : {}),
    });
  }
  return { ...report, vulnerabilities: kept, suppressed };
}
