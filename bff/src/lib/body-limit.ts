/**
 * Request bodies: read at most `maxSize` bytes whatever the framing (Content-Length or chunked),
 * answering 413 problem+json the moment the count passes the limit, then refuse JSON or YAML nested
 * deeper than MAX_BODY_DEPTH with 400 before any parser sees it (recursive parsers and validators
 * overflow the stack on a deep enough document). The handlers then read the buffered bytes.
 */
import { AppError, InputError } from '@gated/shared';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import { jsonDepthExceeds, yamlDepthExceeds } from './body-depth.js';
import { problemResponse } from './on-error.js';

export const FINDINGS_UPLOAD_LIMIT = 32 * 1024 * 1024;
/** Rules documents (import and its preview): 1 MiB holds thousands of rules. */
export const RULE_IMPORT_LIMIT = 1024 * 1024;
/** Deepest nesting any of our documents needs is about a dozen levels (SARIF); 64 leaves room. */
export const MAX_BODY_DEPTH = 64;

function tooLarge(maxSize: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${maxSize} bytes`);
}

/** Reads the stream into one buffer; undefined (the stream cancelled) past `maxSize` bytes. */
async function readAtMost(
  body: ReadableStream<Uint8Array>,
  maxSize: number,
): Promise<Uint8Array | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxSize) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

function firstNonBlank(bytes: Uint8Array): number | undefined {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  return undefined;
}

function tooDeep(kind: string): InputError {
  const message = `${kind} nested deeper than ${MAX_BODY_DEPTH} levels`;
  return new InputError(`The body is ${message}`, [{ path: '', message }]);
}

/** Refuses over-deep JSON (by content type, or any body that starts like JSON) and YAML. */
function checkDepth(bytes: Uint8Array, contentType: string): void {
  const first = firstNonBlank(bytes);
  if (/yaml/i.test(contentType)) {
    if (yamlDepthExceeds(new TextDecoder().decode(bytes), MAX_BODY_DEPTH)) throw tooDeep('YAML');
    return;
  }
  if (/json/i.test(contentType) || first === 0x7b || first === 0x5b) {
    if (jsonDepthExceeds(bytes, MAX_BODY_DEPTH)) throw tooDeep('JSON');
  }
}

/**
 * The answer to an over-limit body: the rest of it is never read, so the connection cannot carry
 * another request and is closed after the answer.
 */
function refuseTooLarge(c: Context<AppEnv>, maxSize: number): Response {
  const res = problemResponse(c, tooLarge(maxSize));
  res.headers.set('connection', 'close');
  return res;
}

export function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('content-length');
    if (!c.req.header('transfer-encoding') && declared !== undefined && Number(declared) > maxSize)
      return refuseTooLarge(c, maxSize);
    const bytes = await readAtMost(body, maxSize);
    if (!bytes) return refuseTooLarge(c, maxSize);
    checkDepth(bytes, c.req.header('content-type') ?? '');
    c.req.raw = new Request(c.req.raw, { body: bytes });
    return next();
  };
}
