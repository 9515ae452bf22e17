/**
 * The findings cache on disk, beside the last good policy (`${GATED_DATA_DIR}/gate-findings.jsonl`),
 * so a gate restarted while the control plane is down still knows which tag is which digest and
 * what each digest's report says, and denies what it denied before. Each answer keeps the time it
 * was stored: restored, it is as old as it was, so it only serves when every source fails.
 *
 * Bounded: at most `maxBytes` (tags with their reports first, then the other reports, most recent
 * first) and nothing older than `maxAgeMs`. Serialised in slices of a few milliseconds and written
 * atomically (temp file, fsync, rename) in chunks, yielding to the event loop in between, so
 * admissions are not held up by a large cache. A file that exists but does not read back whole
 * is refused (a partial snapshot is not passed off as good).
 *
 * Format (JSON Lines): a header `{"v":1,"savedAt":…,"tags":N,"reports":M}`, then one line per
 * answer: `{"t":tag,"d":digest|null,"s":source,"at":ms}` or `{"r":digest,"report":…|null,"at":ms}`.
 */
import { open, readFile, rename, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { FindingsReportSchema, type FindingsReport } from '@gated/shared';
import type { FindingsCache, TagEntry } from './cache.js';

export const FINDINGS_SNAPSHOT_FILE = 'gate-findings.jsonl';
const CHUNK_BYTES = 256 * 1024;

/**
 * Serialising 100,000 findings is ~10 MB of JSON, tens of milliseconds in one go: every admission
 * that arrived meanwhile waited (the bench's paced run saw 35–46 ms at p99 of due time, one save
 * every 30 s). The save gives the event loop a turn whenever this much time has passed.
 */
const SERIALISE_SLICE_MS = 2;

/**
 * Yields to the event loop once `ms` has passed since the last turn. Through a timer, not
 * `setImmediate`: the next slice then runs before the next poll, so the answers that poll decides
 * (written in its check phase, admission/answer-writes.ts) never wait behind a slice queued first.
 */
class SerialiseSlice {
  private since = performance.now();
  constructor(private readonly ms: number) {}
  async turn(): Promise<void> {
    if (performance.now() - this.since < this.ms) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.since = performance.now();
  }
}

export interface SnapshotBounds {
  maxBytes: number;
  maxAgeMs: number;
}

export class SnapshotError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'SnapshotError';
  }
}

/** Writes the snapshot; resolves with what it holds. */
export async function saveFindingsSnapshot(
  dataDir: string,
  cache: FindingsCache,
  bounds: SnapshotBounds,
  now = Date.now(),
  sliceMs = SERIALISE_SLICE_MS,
): Promise<{ tags: number; reports: number; bytes: number }> {
  const { tags, reports } = cache.entries();
  const slice = new SerialiseSlice(sliceMs);
  const byDigest = new Map(reports.map((r) => [r.key, r]));
  const oldest = now - bounds.maxAgeMs;
  const lines: string[] = [];
  const written = new Set<string>();
  let bytes = 0;
  let tagCount = 0;
  const add = (line: string): boolean => {
    const size = Buffer.byteLength(line) + 1;
    if (bytes + size > bounds.maxBytes) return false;
    bytes += size;
    lines.push(line);
    return true;
  };
  const addReport = (digest: string): boolean => {
    const r = byDigest.get(digest);
    if (!r || written.has(digest) || r.storedAt < oldest) return true;
    if (!add(JSON.stringify({ r: digest, report: r.value, at: r.storedAt }))) return false;
    written.add(digest);
    return true;
  };
  for (const t of tags) {
    if (t.storedAt < oldest) continue;
    await slice.turn();
    if (t.value.digest && !addReport(t.value.digest)) break;
    if (!add(JSON.stringify({ t: t.key, d: t.value.digest, s: t.value.source, at: t.storedAt })))
      break;
    tagCount++;
  }
  for (const r of reports) {
    await slice.turn();
    if (!addReport(r.key)) break;
  }

  await mkdir(dataDir, { recursive: true });
  const target = path.join(dataDir, FINDINGS_SNAPSHOT_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    const header = {
      v: 1,
      savedAt: new Date(now).toISOString(),
      tags: tagCount,
      reports: written.size,
    };
    let chunk = `${JSON.stringify(header)}\n`;
    for (const line of lines) {
      chunk += `${line}\n`;
      if (chunk.length >= CHUNK_BYTES) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    await handle.write(chunk);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
  return { tags: tagCount, reports: written.size, bytes };
}

/**
 * Reads the snapshot into the cache. Null when there is none; throws SnapshotError when it exists
 * but is unreadable, too large, damaged or incomplete (then nothing of it is used).
 */
export async function loadFindingsSnapshot(
  dataDir: string,
  cache: FindingsCache,
  bounds: SnapshotBounds,
  now = Date.now(),
): Promise<{ tags: number; reports: number; savedAt: string } | null> {
  const file = path.join(dataDir, FINDINGS_SNAPSHOT_FILE);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SnapshotError(file, `unreadable: ${(e as Error).message}`);
  }
  // The writer never goes past maxBytes plus its header; anything larger is not its file.
  if (size > bounds.maxBytes + 4096)
    throw new SnapshotError(file, `${size} bytes, more than the ${bounds.maxBytes} bound`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SnapshotError(file, `unreadable: ${(e as Error).message}`);
  }
  const lines = text.split('\n').filter((l) => l.length > 0);
  const parse = (line: string, n: number): Record<string, unknown> => {
    try {
      const v: unknown = JSON.parse(line);
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new SnapshotError(file, `line ${n + 1} is not a JSON object`);
  };
  const header = parse(lines[0] ?? '', 0);
  if (header.v !== 1 || typeof header.savedAt !== 'string')
    throw new SnapshotError(file, 'no snapshot header (version 1)');
  const tags: { key: string; entry: TagEntry; at: number }[] = [];
  const reports: { digest: string; report: FindingsReport | null; at: number }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const r = parse(lines[i] as string, i);
    const at = r.at;
    if (typeof at !== 'number' || !Number.isFinite(at))
      throw new SnapshotError(file, `line ${i + 1}: no time`);
    if (typeof r.t === 'string') {
      const digest = r.d;
      if (
        (digest !== null && typeof digest !== 'string') ||
        (r.s !== 'report' && r.s !== 'registry')
      )
        throw new SnapshotError(file, `line ${i + 1}: not a tag answer`);
      tags.push({ key: r.t, entry: { digest, source: r.s }, at });
    } else if (typeof r.r === 'string') {
      if (r.report === null) {
        reports.push({ digest: r.r, report: null, at });
        continue;
      }
      const report = FindingsReportSchema.safeParse(r.report);
      if (!report.success) throw new SnapshotError(file, `line ${i + 1}: not a findings report`);
      reports.push({ digest: r.r, report: report.data, at });
    } else throw new SnapshotError(file, `line ${i + 1}: neither a tag nor a report`);
  }
  if (tags.length !== header.tags || reports.length !== header.reports)
    throw new SnapshotError(file, 'incomplete: fewer answers than its header announces');
  const oldest = now - bounds.maxAgeMs;
  // Oldest first, so the cache's recency order matches the original.
  for (const r of reports.reverse())
    if (r.at >= oldest) cache.restoreReport(r.digest, r.report, r.at);
  for (const t of tags.reverse()) if (t.at >= oldest) cache.restoreTag(t.key, t.entry, t.at);
  return { tags: tags.length, reports: reports.length, savedAt: header.savedAt };
}

/** Saves the snapshot every `everyMs` when the cache changed, and once more on `stop()`. */
export class FindingsSnapshotter {
  private timer: NodeJS.Timeout | undefined;
  private savedVersion = -1;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly cache: FindingsCache,
    private readonly bounds: SnapshotBounds,
    private readonly everyMs: number,
    private readonly onError: (e: Error) => void,
  ) {}

  start(): void {
    this.savedVersion = this.cache.version;
    this.timer = setInterval(() => void this.saveIfChanged(), this.everyMs);
    this.timer.unref();
  }

  /** Resolves once a save (if one is due) has finished. */
  saveIfChanged(): Promise<void> {
    this.saving = this.saving.then(async () => {
      const version = this.cache.version;
      if (version === this.savedVersion) return;
      try {
        await saveFindingsSnapshot(this.dataDir, this.cache, this.bounds);
        this.savedVersion = version;
      } catch (e) {
        this.onError(e as Error);
      }
    });
    return this.saving;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.saveIfChanged();
  }
}
