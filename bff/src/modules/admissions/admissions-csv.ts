/** CSV export of the admissions list, streamed page by page so memory stays flat for any size. */
import type { AdmissionListItem, AdmissionQuery } from '@gated/shared';
import type { Db } from '../../store/db.js';
import { decodeCursor, listAdmissions } from '../../store/admissions.repo.js';

const COLUMNS = [
  'time',
  'lastSeenAt',
  'count',
  'decision',
  'cluster',
  'namespace',
  'kind',
  'name',
  'images',
  'decidingRule',
  'worstFinding',
  'reason',
  'id',
];

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell, always quoted. */
export function cell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote always; double quotes inside; neutralise spreadsheet formulas: a cell a spreadsheet would
  // read as a formula (= + - @) or that hides one behind a leading TAB or CR gets a leading '.
  const safe = FORMULA_START.test(s) ? `'${s}` : s;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvLine(e: AdmissionListItem): string {
  return `${[
    e.time,
    e.lastSeenAt ?? e.time,
    e.count,
    e.decision,
    e.clusterName,
    e.namespace,
    e.kind,
    e.name,
    e.images.map((i) => i.reference).join(' '),
    e.decidingRule?.name,
    e.worstFinding?.id,
    e.reason,
    e.id,
  ]
    .map(cell)
    .join(',')}\r\n`;
}

export function admissionsCsvStream(db: Db, query: AdmissionQuery): ReadableStream<Uint8Array> {
  // Once the stream starts the status is sent as 200: a bad cursor must be refused (400) before that.
  if (query.cursor) decodeCursor(query.cursor);
  const enc = new TextEncoder();
  let cursor: string | undefined = query.cursor;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(enc.encode(`${COLUMNS.join(',')}\r\n`));
        return;
      }
      if (done) {
        controller.close();
        return;
      }
      const page = await listAdmissions(db, {
        ...query,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      if (page.items.length) controller.enqueue(enc.encode(page.items.map(csvLine).join('')));
      cursor = page.nextCursor ?? undefined;
      if (!page.nextCursor) done = true;
    },
  });
}
