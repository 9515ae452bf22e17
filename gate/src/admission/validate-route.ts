/**
 * `POST /validate` on `node:http` directly, the hot path: the body is read into one buffer within
 * the byte limit, decoded (review.ts), run through the chain, and the answer written as one JSON
 * string at the end of the turn, with the turn's other answers (answer-writes.ts); whatever
 * `after` holds (the event) runs once they are handed to their sockets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AnswerWrites } from './answer-writes.js';
import type { AdmissionHandler } from './chain.js';
import { writeProblem } from './problem-answer.js';
import { readBoundedBody } from './request-body.js';
import { decodeReviewBody, reviewText } from './review.js';

/** An AdmissionReview of a large workload is ~100 kB; the API server itself caps objects at ~3 MB. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * Answers 413 and closes the connection: the rest of the body is never read. The socket goes once
 * the answer is flushed, or after a second if the client never reads it.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const socket = req.socket;
  const destroy = () => {
    socket.destroy();
  };
  setTimeout(destroy, 1000).unref();
  if (res.headersSent) {
    destroy();
    return;
  }
  res.once('finish', destroy);
  writeProblem(res, 'PAYLOAD_TOO_LARGE', `The body is larger than ${limit} bytes`, { close: true });
}

/**
 * For the routes that take no body: whatever body comes is counted and discarded (never buffered)
 * before `next` answers, and refused with 413 past `limit`.
 */
export function discardBoundedBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  next: () => void,
): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    refuseTooLarge(req, res, limit);
    return;
  }
  if (req.headers['transfer-encoding'] === undefined && !(declared > 0)) {
    next();
    return;
  }
  let seen = 0;
  const count = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen <= limit) return;
    req.off('data', count);
    req.off('end', next);
    req.pause();
    refuseTooLarge(req, res, limit);
  };
  req.on('data', count);
  req.once('end', next);
  req.on('error', () => undefined);
}

export function validateRoute(chain: AdmissionHandler, logger: Logger, limit: number) {
  const writes = new AnswerWrites((e, uid, stage) =>
    logger.error(
      { err: e.message, uid },
      stage === 'answer' ? 'writing the answer failed' : 'recording the event failed',
    ),
  );
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const read = await readBoundedBody(req, limit);
    if (!read.ok) {
      if (read.reason === 'too-large') refuseTooLarge(req, res, limit);
      else req.socket.destroy();
      return;
    }
    const decoded = decodeReviewBody(read.body);
    if (!decoded.ok) {
      writeProblem(
        res,
        'INVALID_INPUT',
        decoded.error,
        decoded.errors ? { errors: decoded.errors } : {},
      );
      return;
    }
    const request = decoded.request;
    let text: string;
    let after: (() => void) | undefined;
    try {
      const result = await chain(request);
      text = reviewText(result.response);
      after = result.after;
    } catch (e) {
      logger.error(
        { err: (e as Error).message, uid: request.uid },
        'admission failed; failurePolicy decides',
      );
      writeProblem(res, 'INTERNAL', (e as Error).message);
      return;
    }
    writes.queue(res, text, request.uid, after);
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    answer(req, res).catch((e: unknown) => {
      logger.error({ err: (e as Error).message }, 'unhandled error on /validate');
      if (!res.headersSent) writeProblem(res, 'INTERNAL', 'see the gate logs');
      else res.destroy();
    });
  };
}
