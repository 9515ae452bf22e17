import { z } from 'zod';
import { InputError, fieldErrorsFromZod } from '../errors/errors.js';
import type { FindingsReport } from './findings.schema.js';
import { reportTime, type ReportContext } from './report-common.js';

/** One VEX statement, from OpenVEX or CycloneDX, in the form suppression needs. */
export interface VexStatement {
  /** Vulnerability ID and its aliases, upper-cased. */
  ids: string[];
  /** `not_affected` and `fixed` suppress; anything else (`affected`, `under_investigation`) does not. */
  status: string;
  justification?: string;
  /** Image digests the statement is about (`sha256:…`); empty = any image the document is applied to. */
  imageDigests: string[];
  /** Package names the statement is about (from purls or component names); empty = any package. */
  packages: string[];
  /** Where it came from, as the trace shows it: `openvex https://…/vex-1`. */
  source: string;
}

/** A parsed VEX document. */
export interface VexDocument {
  format: 'openvex' | 'cyclonedx';
  issuedAt: string;
  statements: VexStatement[];
}

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
  const segments = (purl.slice(4).split(/[@?#]/)[0] ?? '').split('/').slice(1).map(decode);
  const name = segments[segments.length - 1] ?? '';
  return [...new Set([name, segments.join('/')])].filter(Boolean).map((k) => k.toLowerCase());
}

/** The bare package name of a purl (see `packageKeysOf`). */
export function packageNameOf(ref: string): string {
  return packageKeysOf(ref)[0] ?? '';
}

function productIds(products: z.infer<typeof OpenVexProduct>[] | null | undefined): {
  images: string[];
  packages: string[];
} {
  const images: string[] = [];
  const packages: string[] = [];
  for (const p of products ?? []) {
    const id = typeof p === 'string' ? p : p['@id'];
    const digest = id ? digestIn(id) : undefined;
    if (digest) images.push(digest);
    else if (id) packages.push(...packageKeysOf(id));
    if (typeof p !== 'string') {
      for (const s of p.subcomponents ?? []) {
        const sid = typeof s === 'string' ? s : s['@id'];
        if (sid) packages.push(...packageKeysOf(sid));
      }
    }
  }
  return { images, packages };
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
    statements: doc.statements.map((s) => {
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
        packages: [...products.packages, ...subs.packages, ...subs.images],
        source,
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
    statements: (doc.vulnerabilities ?? []).map((v) => {
      const images: string[] = [];
      const packages: string[] = [];
      for (const a of v.affects ?? []) {
        const target = byRef.get(a.ref) ?? a.ref;
        const digest = digestIn(target);
        if (digest) images.push(digest);
        else packages.push(...packageKeysOf(target));
      }
      return {
        ids: [v.id, ...(v.references ?? []).map((r) => r.id)].map((i) => i.toUpperCase()),
        status: CDX_STATUS[v.analysis?.state ?? ''] ?? 'affected',
        ...(v.analysis?.justification ? { justification: v.analysis.justification } : {}),
        imageDigests: images,
        packages,
        source,
      };
    }),
  };
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
    const pkg = v.package.toLowerCase();
    const hit = active.find(
      (s) => s.ids.includes(id) && (s.packages.length === 0 || s.packages.includes(pkg)),
    );
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
    });
  }
  return { ...report, vulnerabilities: kept, suppressed };
}
