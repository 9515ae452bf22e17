/**
 * Findings from report files, as a FindingsSource the gate's FindingsCache asks like any other.
 * Every file goes through the shared parsers the control plane's upload uses
 * (shared/src/findings/report-formats.ts), with the same strictness: a report whose entries cannot
 * all be read is refused, never counted as fewer findings. Stored as the control plane stores uploads
 * (bff/src/store/findings.repo.ts): per digest the newest scan wins, each tag maps to the digest of
 * its newest scan, and VEX documents are applied to every report when it is read, as the control
 * plane applies uploaded VEX (bff/src/modules/vex/vex.service.ts).
 */
import {
  applyVex,
  DEFAULT_MAX_REPORT_BYTES,
  InputError,
  parseImageReference,
  parseReportBytes,
  type FindingsReport,
  type ReportContext,
  type VexStatement,
} from '@gated/shared';
import type { FindingsSource, SourceAnswer } from '../../findings/source.js';
import type { InputFile } from './input-files.js';

/** A report file with the image it is about, for reports that do not name one (`--findings-for`). */
export interface ReportFile {
  file: InputFile;
  /** `--findings-for IMAGE=FILE`: the image reference the report describes. */
  image?: string;
}

/** Folder entries read as reports (scanners write `.json`, SARIF tools also `.sarif`). */
export function isReportFileName(name: string): boolean {
  return /\.(json|sarif)$/i.test(name);
}

function contextOf(image: string, file: string): ReportContext & { tag?: string } {
  const ref = parseImageReference(image);
  if ('error' in ref)
    throw new InputError(`--findings-for ${image}=${file}: ${ref.error}`, [
      { path: '--findings-for', message: ref.error },
    ]);
  return {
    ...(ref.digest ? { digest: ref.digest } : {}),
    repository: `${ref.registry}/${ref.repository}`,
    ...(ref.tag ? { tag: `${ref.registry}/${ref.repository}:${ref.tag}` } : {}),
  };
}

function prefixed(file: string, e: unknown): InputError {
  const err =
    e instanceof InputError ? e : new InputError(e instanceof Error ? e.message : String(e));
  return new InputError(
    `${file}: ${err.message}`,
    (err.errors ?? []).map((f) => ({ ...f, path: f.path ? `${file}#${f.path}` : file })),
  );
}

export class FileFindings implements FindingsSource {
  readonly name = 'files';
  readonly digestSource = 'report' as const;
  private readonly reports = new Map<string, FindingsReport>();
  private readonly tags = new Map<string, { digest: string; scannedAt: number }>();
  private readonly vex: VexStatement[] = [];
  /** What was read, for the outputs. */
  readonly summary = { files: 0, reports: 0, vexStatements: 0 };

  /** Parses every file; the first unreadable one throws an InputError naming it. */
  constructor(files: readonly ReportFile[], now: Date) {
    for (const { file, image } of files) {
      const { tag, ...ctx } = image ? contextOf(image, file.path) : {};
      let parsed;
      try {
        parsed = parseReportBytes(file.text, {
          source: 'upload',
          now,
          maxBytes: DEFAULT_MAX_REPORT_BYTES,
          ...ctx,
        });
      } catch (e) {
        throw prefixed(file.path, e);
      }
      this.summary.files++;
      if (parsed.kind === 'vex') {
        this.vex.push(...parsed.document.statements);
        this.summary.vexStatements += parsed.document.statements.length;
        continue;
      }
      if (parsed.reports.length === 0)
        throw new InputError(`${file.path}: the report names no image digest`, [
          { path: file.path, message: 'Name the image with --findings-for IMAGE@sha256:…=FILE' },
        ]);
      for (const r of parsed.reports)
        this.add(tag && !r.tags.includes(tag) ? { ...r, tags: [...r.tags, tag] } : r);
    }
  }

  private add(report: FindingsReport): void {
    this.summary.reports++;
    const at = Date.parse(report.scannedAt);
    const known = this.reports.get(report.digest);
    // The later of two equal scan times wins, as a later upload does.
    if (!known || at >= Date.parse(known.scannedAt)) this.reports.set(report.digest, report);
    for (const tag of report.tags) {
      const mapped = this.tags.get(tag);
      if (!mapped || at >= mapped.scannedAt)
        this.tags.set(tag, { digest: report.digest, scannedAt: at });
    }
  }

  get size(): number {
    return this.reports.size;
  }

  lookup(request: Parameters<FindingsSource['lookup']>[0]): Promise<SourceAnswer> {
    const answer: SourceAnswer = { digests: new Map(), reports: new Map() };
    const wanted = new Set(request.digests);
    for (const t of request.tags) {
      const digest = this.tags.get(t.normalized)?.digest;
      if (digest) {
        answer.digests.set(t.normalized, digest);
        wanted.add(digest);
      }
    }
    for (const digest of wanted) {
      const report = this.reports.get(digest);
      answer.reports.set(digest, report ? applyVex(report, this.vex) : null);
    }
    return Promise.resolve(answer);
  }
}
