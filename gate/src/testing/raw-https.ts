/**
 * Test helper: HTTP/1.1 over TLS written byte by byte, for framings a normal client refuses to send
 * (chunked bodies of any size, a Content-Length that lies). Answers the first response on the
 * connection, or `closed` when the server hung up without one.
 */
import { connect, type TLSSocket } from 'node:tls';

export type RawAnswer =
  | { closed: false; status: number; headers: Record<string, string>; body: string }
  | { closed: true };

export interface RawRequest {
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  /**
   * Pieces written one after another (each awaited for drain); chunked framing if `chunked`, else
   * their total as Content-Length unless `headers` declares one.
   */
  body: readonly Buffer[];
  chunked?: boolean;
  /** Half-close after writing (a body shorter than its Content-Length then ends early). */
  endAfterWrite?: boolean;
}

function head(req: RawRequest, port: number): string {
  const declared = Object.keys(req.headers ?? {}).some((k) => k.toLowerCase() === 'content-length');
  const length = req.body.reduce((n, b) => n + b.length, 0);
  const lines = [
    `${req.method ?? 'POST'} ${req.path ?? '/validate'} HTTP/1.1`,
    `host: 127.0.0.1:${port}`,
    'content-type: application/json',
    ...(req.chunked
      ? ['transfer-encoding: chunked']
      : declared
        ? []
        : [`content-length: ${length}`]),
    ...Object.entries(req.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Parses the first complete response in `data`, or null when more bytes are needed. */
function firstResponse(data: Buffer): Extract<RawAnswer, { closed: false }> | null {
  const end = data.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const [statusLine = '', ...headerLines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (data.length < end + 4 + length) return null;
  return {
    closed: false,
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: data.subarray(end + 4, end + 4 + length).toString('utf8'),
  };
}

function write(socket: TLSSocket, bytes: Buffer | string): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed || !socket.writable) return resolve(false);
    if (socket.write(bytes)) return resolve(true);
    const done = (ok: boolean) => {
      socket.off('drain', onDrain);
      socket.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    socket.once('drain', onDrain);
    socket.once('close', onClose);
  });
}

/** Sends one request and waits for its answer (or the connection's end, at most `timeoutMs`). */
export function rawHttps(port: number, req: RawRequest, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    let received = Buffer.alloc(0);
    let settled = false;
    const settle = (answer: RawAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer and no close within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = firstResponse(received);
      if (answer) settle(answer);
    });
    // A reset after the server refused the body is an answer too: the connection is gone.
    socket.on('error', () => settle(firstResponse(received) ?? { closed: true }));
    socket.on('close', () => settle(firstResponse(received) ?? { closed: true }));
    socket.once('secureConnect', () => {
      void (async () => {
        if (!(await write(socket, head(req, port)))) return;
        for (const piece of req.body) {
          if (settled) return;
          const framed = req.chunked
            ? Buffer.concat([
                Buffer.from(`${piece.length.toString(16)}\r\n`),
                piece,
                Buffer.from('\r\n'),
              ])
            : piece;
          if (piece.length > 0 && !(await write(socket, framed))) return;
        }
        if (req.chunked) await write(socket, '0\r\n\r\n');
        if (req.endAfterWrite) socket.end();
      })();
    });
  });
}
