/**
 * The admission event queue, kept on disk under the gate's data folder so that neither a restart
 * nor a crash loses what the control plane has not stored yet. Admission never waits on it: `push`
 * only touches memory (fold or append) and schedules a write; serialising and writing happen on a
 * later turn of the event loop, all pending events in one append (./journal.ts has the format and
 * the fsync policy). Bounded by event count and by bytes; whatever the bounds push out, oldest
 * first, is counted (`onDrop`). Without a folder (or after a disk error) it keeps working in memory.
 *
 * Folding: while an event for the same workload, images and decision still waits, a repeat only
 * bumps its `count` and `lastSeenAt` (the control plane folds on the same facts within 10 minutes)
 * and joins its `foldedIds`: the repeat's id was handed out in a Deny message, so the control
 * plane must be able to resolve it (docs/decisions/120-folded-event-ids.md). At MAX_FOLDED_IDS
 * the repeat starts a new event instead, so no id is ever dropped.
 */
import { MAX_EVENT_COUNT, MAX_FOLDED_IDS, type AdmissionEvent } from '@gated/shared';
import { eventFoldKey } from './fold-key.js';
import {
  listSegments,
  readSegment,
  removeSegment,
  SegmentWriter,
  type JournalRecord,
} from './journal.js';

export type DropReason = 'queue_full' | 'too_large' | 'refused';

/** One queued event. `json` is the event without `count`/`lastSeenAt` (those change while it waits). */
export interface QueuedEvent {
  readonly id: string;
  event: AdmissionEvent | null;
  json: string | null;
  bytes: number;
  count: number;
  lastSeenAt: string | undefined;
  /** Ids of the repeats folded into it (bounded by MAX_FOLDED_IDS). */
  foldedIds: string[];
  /** How many of `foldedIds` the journal holds already. */
  foldedIdsWritten: number;
  foldKey: string | null;
  /** Segment holding its journal record; null until written. */
  segment: number | null;
  state: 'waiting' | 'inflight' | 'done';
  /** Set when it left the queue, so the journal records why. */
  outcome?: 'a' | 'd';
  /** Folded repeats not yet written to the journal. */
  foldPending?: boolean;
}

export interface DurableQueueOptions {
  /** Journal folder; null = memory only (standalone gates, tests). */
  dir: string | null;
  maxEvents: number;
  maxBytes: number;
  /** A segment is closed and a new one started beyond this size. */
  segmentBytes?: number;
  /** fsync interval of the open segment. */
  syncEveryMs?: number;
  onDrop?: (reason: DropReason, count: number) => void;
  /** A journal read or write failed (the queue goes on in memory); `unreadable` lines at replay. */
  onJournalError?: (error: Error) => void;
}

interface Segment {
  file: string;
  live: number;
}

/** The event as the control plane receives it: the stored JSON with the current count. */
export function wireJson(e: QueuedEvent): string {
  const json = e.json ?? '{}';
  const last = e.lastSeenAt ? `,"lastSeenAt":${JSON.stringify(e.lastSeenAt)}` : '';
  const ids = e.foldedIds.length > 0 ? `,"foldedIds":${JSON.stringify(e.foldedIds)}` : '';
  return `{"count":${e.count}${last}${ids}${json.length > 2 ? ',' : ''}${json.slice(1)}`;
}

export class DurableEventQueue {
  private items: QueuedEvent[] = [];
  private head = 0;
  private readonly folds = new Map<string, QueuedEvent>();
  private unwritten: QueuedEvent[] = [];
  private records: string[] = [];
  private readonly segments = new Map<number, Segment>();
  private writer: SegmentWriter | null = null;
  private nextSeq = 1;
  private live = 0;
  private liveBytes = 0;
  private writeScheduled = false;
  private foldTimer: NodeJS.Timeout | undefined;
  private io: Promise<void> = Promise.resolve();
  private syncTimer: NodeJS.Timeout | undefined;
  private disabled: boolean;
  private closed = false;

  private constructor(private readonly options: DurableQueueOptions) {
    this.disabled = options.dir === null;
  }

  /** Opens the queue, replaying what the journal still holds (oldest first). */
  static async open(options: DurableQueueOptions): Promise<DurableEventQueue> {
    const q = new DurableEventQueue(options);
    if (options.dir) {
      try {
        await q.replay(options.dir);
        q.writer = await SegmentWriter.create(options.dir, q.nextSeq++);
        q.segments.set(q.writer.seq, { file: q.writer.file, live: 0 });
      } catch (e) {
        q.journalFailed(e as Error);
      }
      q.syncTimer = setInterval(() => {
        q.io = q.io.then(() => q.writer?.sync()).catch((e: Error) => q.journalFailed(e));
      }, options.syncEveryMs ?? 1000);
      q.syncTimer.unref();
    }
    return q;
  }

  /** Events waiting to be taken. */
  get depth(): number {
    return this.items.length - this.head;
  }

  /** Events not yet delivered or dropped (waiting and in flight). */
  get size(): number {
    return this.live;
  }

  /** Serialised bytes of the events not yet delivered (those not serialised yet excluded). */
  get bytes(): number {
    return this.liveBytes;
  }

  /** True while events are kept on disk. */
  get durable(): boolean {
    return !this.disabled;
  }

  /**
   * Folds one repeat (a fresh event: count 1, no folded ids of its own) into the waiting event
   * under `key`, exactly as `push` would; false when there is none, and the caller pushes the
   * full event. Lets the webhook skip building a trace the queue would throw away.
   */
  foldRepeat(key: string, id: string, time: string): boolean {
    const open = this.folds.get(key);
    if (!open || open.state !== 'waiting' || open.foldedIds.length + 1 > MAX_FOLDED_IDS)
      return false;
    this.foldInto(open, 1, time, [id]);
    return true;
  }

  private foldInto(open: QueuedEvent, count: number, lastSeenAt: string, ids: string[]): void {
    open.count = Math.min(MAX_EVENT_COUNT, open.count + count);
    open.lastSeenAt = lastSeenAt;
    for (const id of ids) open.foldedIds.push(id);
    if (open.json !== null) {
      open.bytes += FOLDED_ID_BYTES * ids.length;
      this.liveBytes += FOLDED_ID_BYTES * ids.length;
    }
    if (open.segment !== null && !open.foldPending) {
      open.foldPending = true;
      this.unwritten.push(open);
      this.scheduleFoldWrite();
    }
  }

  /** O(1): folds into a waiting repeat or appends; never waits on I/O. */
  push(event: AdmissionEvent): void {
    const key = eventFoldKey(event);
    const open = key ? this.folds.get(key) : undefined;
    const ids = [event.id, ...(event.foldedIds ?? [])];
    if (open && open.state === 'waiting' && open.foldedIds.length + ids.length <= MAX_FOLDED_IDS) {
      this.foldInto(open, event.count, event.lastSeenAt ?? event.time, ids);
      return;
    }
    const entry: QueuedEvent = {
      id: event.id,
      event,
      json: null,
      bytes: 0,
      count: event.count,
      lastSeenAt: event.lastSeenAt,
      foldedIds: [...(event.foldedIds ?? [])],
      foldedIdsWritten: 0,
      foldKey: key,
      segment: null,
      state: 'waiting',
    };
    this.items.push(entry);
    this.live++;
    if (key) this.folds.set(key, entry);
    if (!this.disabled) {
      this.unwritten.push(entry);
      this.scheduleWrite();
    }
    while (this.live > this.options.maxEvents && this.depth > 1) this.dropOldest();
  }

  /**
   * Removes the oldest waiting events: up to `maxCount`, and while their serialised size stays
   * within `maxBytes` — except the first, always taken, so the caller can see it is too large.
   */
  take(maxCount: number, maxBytes: number): QueuedEvent[] {
    const out: QueuedEvent[] = [];
    let bytes = 0;
    while (out.length < maxCount && this.depth > 0) {
      const e = this.items[this.head] as QueuedEvent;
      this.serialize(e);
      // Serialising may have pushed the byte bound over: the oldest (perhaps this one) went.
      if (e.state !== 'waiting') continue;
      if (out.length > 0 && bytes + e.bytes > maxBytes) break;
      this.items[this.head++] = undefined as unknown as QueuedEvent;
      bytes += e.bytes;
      e.state = 'inflight';
      // Once taken it may be stored under its id: later repeats start a new event.
      if (e.foldKey && this.folds.get(e.foldKey) === e) this.folds.delete(e.foldKey);
      out.push(e);
    }
    this.compact();
    return out;
  }

  /** Puts events whose delivery failed back at the front, in their order. */
  returnToFront(batch: readonly QueuedEvent[]): void {
    const back = batch.filter((e) => e.state === 'inflight');
    for (const e of back) e.state = 'waiting';
    if (this.head >= back.length) {
      this.head -= back.length;
      for (let i = 0; i < back.length; i++) this.items[this.head + i] = back[i] as QueuedEvent;
    } else {
      this.items = [...back, ...this.items.slice(this.head)];
      this.head = 0;
    }
  }

  /** Delivered (`a`) or dropped for good (`d`, counted under `reason`). */
  settle(events: readonly QueuedEvent[], outcome: 'a' | 'd', reason?: DropReason): void {
    let n = 0;
    for (const e of events) {
      if (e.state === 'done') continue;
      this.finish(e, outcome);
      n++;
    }
    if (outcome === 'd' && n > 0) this.options.onDrop?.(reason ?? 'refused', n);
    if (n > 0) this.scheduleWrite();
  }

  /** Writes what is pending, fsyncs and closes the segment. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.syncTimer);
    clearTimeout(this.foldTimer);
    this.foldTimer = undefined;
    await this.flush();
    const w = this.writer;
    this.writer = null;
    await (this.io = this.io.then(() => w?.close()).catch((e: Error) => this.journalFailed(e)));
  }

  /** Resolves once everything pushed so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    this.writeScheduled = false;
    await (this.io = this.io
      .then(() => this.writePending())
      .catch((e: Error) => this.journalFailed(e)));
  }

  private finish(e: QueuedEvent, outcome: 'a' | 'd'): void {
    if (e.state === 'waiting') {
      // Only the oldest are dropped while waiting: they sit at the head.
      if (this.items[this.head] === e)
        this.items[this.head++] = undefined as unknown as QueuedEvent;
      if (e.foldKey && this.folds.get(e.foldKey) === e) this.folds.delete(e.foldKey);
    }
    e.state = 'done';
    e.outcome = outcome;
    this.live--;
    this.liveBytes -= e.bytes;
    if (e.segment !== null) this.release(e);
  }

  /** A journaled event left the queue: delete its segment when it was the last, else record it. */
  private release(e: QueuedEvent): void {
    const seg = this.segments.get(e.segment as number);
    if (!seg) return;
    seg.live--;
    if (seg.live === 0 && e.segment !== this.writer?.seq) {
      this.segments.delete(e.segment as number);
      this.io = this.io
        .then(() => removeSegment(seg.file))
        .catch((err: Error) => this.journalFailed(err));
      return;
    }
    this.records.push(JSON.stringify({ [e.outcome ?? 'a']: [e.id] }));
  }

  private dropOldest(): void {
    const e = this.items[this.head];
    if (!e) return;
    this.finish(e, 'd');
    this.options.onDrop?.('queue_full', 1);
    this.compact();
  }

  private serialize(e: QueuedEvent): void {
    if (e.json !== null || !e.event) return;
    const { count: _count, lastSeenAt: _last, foldedIds: _ids, ...rest } = e.event;
    e.json = JSON.stringify(rest);
    e.bytes = Buffer.byteLength(e.json) + 64 + FOLDED_ID_BYTES * e.foldedIds.length;
    e.event = null;
    this.liveBytes += e.bytes;
    while (this.liveBytes > this.options.maxBytes && this.depth > 1) this.dropOldest();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * Fold records (a count, a time and ids for an event already on disk) wait up to FOLD_WRITE_MS,
   * so a stream of repeats costs one write per window instead of one per admission
   * (docs/decisions/150-gate-hot-path.md); a new event still goes out on the next turn, and
   * takes the waiting fold records with it.
   */
  private scheduleFoldWrite(): void {
    if (this.foldTimer || this.disabled || this.closed) return;
    this.foldTimer = setTimeout(() => {
      this.foldTimer = undefined;
      void this.flush();
    }, FOLD_WRITE_MS);
  }

  private scheduleWrite(): void {
    if (this.writeScheduled || this.disabled || this.closed) return;
    this.writeScheduled = true;
    setImmediate(() => {
      if (!this.writeScheduled) return;
      void this.flush();
    });
  }

  private async writePending(): Promise<void> {
    const writer = this.writer;
    if (this.disabled || !writer) return;
    const batch = this.unwritten;
    this.unwritten = [];
    const lines = this.records;
    this.records = [];
    const fresh: QueuedEvent[] = [];
    for (const e of batch) {
      if (e.state === 'done' && e.segment === null) continue;
      if (e.segment !== null) {
        // Repeats folded into an event already on disk: its count as of now (absolute, so replays agree).
        e.foldPending = false;
        if (e.state !== 'done')
          lines.push(JSON.stringify({ f: e.id, n: e.count, l: e.lastSeenAt, i: newFoldedIds(e) }));
        continue;
      }
      this.serialize(e);
      if (e.state === 'done') continue;
      const last = e.lastSeenAt ? `,"l":${JSON.stringify(e.lastSeenAt)}` : '';
      const ids = e.foldedIds.length > 0 ? `,"i":${JSON.stringify(newFoldedIds(e))}` : '';
      lines.push(`{"e":${e.json},"n":${e.count}${last}${ids}}`);
      fresh.push(e);
    }
    if (lines.length === 0) return;
    await writer.append(`${lines.join('\n')}\n`);
    const seg = this.segments.get(writer.seq) as Segment;
    for (const e of fresh) {
      e.segment = writer.seq;
      seg.live++;
      // Settled while its record was being written: record that too.
      if (e.state === 'done') this.release(e);
    }
    if (writer.bytes >= (this.options.segmentBytes ?? 4 * 1024 * 1024)) await this.rotate(writer);
    if (this.records.length > 0) this.scheduleWrite();
  }

  private async rotate(old: SegmentWriter): Promise<void> {
    const dir = this.options.dir as string;
    this.writer = await SegmentWriter.create(dir, this.nextSeq++);
    this.segments.set(this.writer.seq, { file: this.writer.file, live: 0 });
    await old.close();
    const seg = this.segments.get(old.seq);
    if (seg && seg.live === 0) {
      this.segments.delete(old.seq);
      await removeSegment(seg.file);
    }
  }

  private async replay(dir: string): Promise<void> {
    const byId = new Map<string, QueuedEvent>();
    const files = await listSegments(dir);
    let unreadable = 0;
    for (const file of files) {
      this.nextSeq = Math.max(this.nextSeq, file.seq + 1);
      this.segments.set(file.seq, { file: file.file, live: 0 });
      const read = await readSegment(file.file);
      unreadable += read.unreadable;
      for (const r of read.records) this.replayRecord(r, file.seq, byId);
    }
    if (unreadable > 0)
      this.options.onJournalError?.(
        new Error(
          `${unreadable} unreadable event journal line(s) skipped (a torn write or damage)`,
        ),
      );
    for (const e of byId.values()) {
      (this.segments.get(e.segment as number) as Segment).live++;
      this.items.push(e);
      this.live++;
      this.liveBytes += e.bytes;
    }
    for (const [seq, seg] of this.segments) {
      if (seg.live > 0) continue;
      this.segments.delete(seq);
      await removeSegment(seg.file);
    }
    while (
      (this.live > this.options.maxEvents || this.liveBytes > this.options.maxBytes) &&
      this.depth > 0
    )
      this.dropOldest();
  }

  private replayRecord(r: JournalRecord, seq: number, byId: Map<string, QueuedEvent>): void {
    if (r.e && typeof r.e.id === 'string') {
      const json = JSON.stringify(r.e);
      const foldedIds = boundedIds(r.i, []);
      byId.set(r.e.id, {
        id: r.e.id,
        event: null,
        json,
        bytes: Buffer.byteLength(json) + 64 + FOLDED_ID_BYTES * foldedIds.length,
        count: boundedCount(r.n),
        lastSeenAt: typeof r.l === 'string' ? r.l : undefined,
        foldedIds,
        foldedIdsWritten: foldedIds.length,
        foldKey: null,
        segment: seq,
        state: 'waiting',
      });
    } else if (typeof r.f === 'string') {
      const e = byId.get(r.f);
      if (e) {
        e.count = boundedCount(r.n);
        if (typeof r.l === 'string') e.lastSeenAt = r.l;
        const before = e.foldedIds.length;
        e.foldedIds = boundedIds(r.i, e.foldedIds);
        e.foldedIdsWritten = e.foldedIds.length;
        e.bytes += FOLDED_ID_BYTES * (e.foldedIds.length - before);
      }
    } else {
      for (const id of [...(Array.isArray(r.a) ? r.a : []), ...(Array.isArray(r.d) ? r.d : [])])
        byId.delete(id);
    }
  }

  private journalFailed(error: Error): void {
    if (!this.disabled) {
      // Keep going in memory: losing durability beats losing admission events.
      this.disabled = true;
      for (const e of this.unwritten) this.serialize(e);
      this.unwritten = [];
      this.records = [];
    }
    this.options.onJournalError?.(error);
  }
}

/** A folded id's share of an event's serialised size (a quoted uuid and a comma). */
const FOLDED_ID_BYTES = 39;

/** How long fold records may wait to share one journal write (a process crash may lose them). */
const FOLD_WRITE_MS = 10;

/** The folded ids not yet in the journal, marked as written. */
function newFoldedIds(e: QueuedEvent): string[] {
  const fresh = e.foldedIds.slice(e.foldedIdsWritten);
  e.foldedIdsWritten = e.foldedIds.length;
  return fresh;
}

/** Replayed folded ids appended to `known`: strings only, at most MAX_FOLDED_IDS. */
function boundedIds(raw: unknown, known: string[]): string[] {
  const more = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
  return [...known, ...more].slice(0, MAX_FOLDED_IDS);
}

function boundedCount(n: unknown): number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_EVENT_COUNT) : 1;
}
