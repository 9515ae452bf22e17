/**
 * Answers of `/validate` are written at the end of the event-loop turn in which they were decided,
 * all together, and the events of those admissions are recorded after the last write
 * (docs/decisions/180-answers-written-at-the-end-of-the-turn.md). The API server sends admissions
 * over many keep-alive connections at once; writing each answer the moment it is ready woke the
 * client once per answer, and on a virtual machine each wake-up of an idle peer is dear. Written
 * together, requests that arrived together are answered together: one wake-up, and the next
 * requests come back together too. An answer waits for the other admissions of its turn (tens of
 * microseconds each) and for immediates queued before it (a journal write of new events); one
 * `setImmediate` per turn, none per admission.
 */
import type { ServerResponse } from 'node:http';

export type AfterAnswer = (() => void) | undefined;

/** What failed, for the log: writing an answer, or recording the event after it. */
export type AnswerWriteFailure = (e: Error, uid: string, stage: 'answer' | 'event') => void;

/** One decided admission waiting for the end of its turn. */
interface PendingAnswer {
  res: ServerResponse;
  text: string;
  uid: string;
  after: AfterAnswer;
}

export class AnswerWrites {
  private pending: PendingAnswer[] = [];
  private scheduled = false;

  constructor(private readonly onError: AnswerWriteFailure) {}

  /** Queues a 200 answer with its JSON text; `after` runs once every queued answer is written. */
  queue(res: ServerResponse, text: string, uid: string, after: AfterAnswer): void {
    this.pending.push({ res, text, uid, after });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  /** Writes every queued answer, then records their events (in arrival order). */
  readonly flush = (): void => {
    this.scheduled = false;
    const turn = this.pending;
    this.pending = [];
    for (const { res, text, uid } of turn) {
      // A client that hung up meanwhile: node drops the write; its event is still recorded.
      try {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      } catch (e) {
        this.onError(e as Error, uid, 'answer');
        // Never leave the API server waiting for its webhook timeout on an answer that failed.
        res.destroy();
      }
    }
    for (const { after, uid } of turn) {
      if (!after) continue;
      try {
        after();
      } catch (e) {
        this.onError(e as Error, uid, 'event');
      }
    }
  };
}
