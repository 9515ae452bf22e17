/**
 * The event queue's files: append-only segments `<dir>/<seq>.journal`, one JSON record a line.
 *   {"e":{…event without count/lastSeenAt…},"n":count,"l":lastSeenAt}  an event joined the queue
 *   {"f":id,"n":count,"l":lastSeenAt,"i":[id,…]}                      repeats folded into it (count
 *                                                                      absolute; `i`: their ids since
 *                                                                      the last record, appended)
 *   {"a":[id,…]} / {"d":[id,…]}                                         delivered / dropped
 * A segment is deleted once none of its events is still queued. Writes go to the page cache at
 * once (a process crash loses nothing written) and are fsynced on a timer (a machine crash loses
 * at most that interval): docs/decisions/020-durable-event-queue.md.
 */
import { mkdir, open, readdir, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface JournalRecord {
  e?: { id?: unknown } & Record<string, unknown>;
  n?: number;
  l?: string;
  f?: string;
  i?: unknown;
  a?: string[];
  d?: string[];
}

export interface SegmentFile {
  seq: number;
  file: string;
  bytes: number;
}

const NAME = /^(\d{12})\.journal$/;

export const segmentName = (seq: number): string => `${String(seq).padStart(12, '0')}.journal`;

/** Segments in the folder, oldest first (the folder is created when missing). */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  await mkdir(dir, { recursive: true });
  const out: SegmentFile[] = [];
  for (const name of await readdir(dir)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    out.push({ seq: Number(m[1]), file, bytes: (await stat(file)).size });
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/**
 * The records of one segment. A line that does not parse (a write torn by a crash, or damage) is
 * skipped and counted; the records around it still count.
 */
export async function readSegment(
  file: string,
): Promise<{ records: JournalRecord[]; unreadable: number }> {
  const text = await readFile(file, 'utf8');
  const records: JournalRecord[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    try {
      const r: unknown = JSON.parse(line);
      if (r && typeof r === 'object' && !Array.isArray(r)) records.push(r);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { records, unreadable };
}

/** The segment being appended to. */
export class SegmentWriter {
  private dirty = false;

  private constructor(
    readonly seq: number,
    readonly file: string,
    private readonly handle: FileHandle,
    public bytes: number,
  ) {}

  static async create(dir: string, seq: number): Promise<SegmentWriter> {
    const file = path.join(dir, segmentName(seq));
    const handle = await open(file, 'a');
    return new SegmentWriter(seq, file, handle, (await handle.stat()).size);
  }

  /** Appends whole lines (each ending in \n) in one write. */
  async append(text: string): Promise<void> {
    const { bytesWritten } = await this.handle.write(text);
    this.bytes += bytesWritten;
    this.dirty = true;
  }

  /** fsync when something was written since the last one. */
  async sync(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.sync();
    await this.handle.close();
  }
}

export async function removeSegment(file: string): Promise<void> {
  await unlink(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}
