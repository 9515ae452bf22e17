/**
 * Reads a request body into one buffer, never holding more than `limit` bytes whatever the framing:
 * a declared `Content-Length` over the limit is refused before a byte is read, and a chunked (or
 * lying) body is counted as it arrives and refused the moment it passes the limit. The caller
 * answers 413 and destroys the socket, so the rest of the body is never read.
 */
import type { IncomingMessage } from 'node:http';

export type BodyRead =
  | { ok: true; body: Buffer }
  | { ok: false; reason: 'too-large' }
  | { ok: false; reason: 'aborted' };

/** `Content-Length` as a number, or null when absent or not a plain decimal. */
function declaredLength(req: IncomingMessage): number | null {
  const header = req.headers['content-length'];
  if (header === undefined) return null;
  const n = Number(header);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * Bodies declared up to this size get their buffer before the first byte arrives (the API
 * server's reviews are a few kB). A larger declared length is only a promise: allocated up
 * front, each connection that declared 3 MB and sent nothing held 3 MB until its timeout.
 */
const PREALLOCATE_MAX = 64 * 1024;

export function readBoundedBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = declaredLength(req);
  if (declared !== null && declared > limit)
    return Promise.resolve({ ok: false, reason: 'too-large' });
  return new Promise((resolve) => {
    // Known small length: one allocation, chunks copied in place. Otherwise chunks, concatenated
    // once: memory follows the bytes that arrived, not the bytes announced.
    const fixed =
      declared !== null && declared <= PREALLOCATE_MAX ? Buffer.allocUnsafe(declared) : null;
    const most = declared ?? limit;
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (result: BodyRead) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onAborted);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > most) {
        req.pause();
        finish({ ok: false, reason: 'too-large' });
        return;
      }
      if (fixed) chunk.copy(fixed, received - chunk.length);
      else chunks.push(chunk);
    };
    const onEnd = () => {
      if (fixed)
        finish({ ok: true, body: received === fixed.length ? fixed : fixed.subarray(0, received) });
      else
        finish({
          ok: true,
          body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received),
        });
    };
    const onAborted = () => finish({ ok: false, reason: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', onAborted);
    // A reset connection is not the gate's failure: without a listener it would be rethrown.
    req.on('error', () => finish({ ok: false, reason: 'aborted' }));
  });
}
