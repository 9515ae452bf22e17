/**
 * `POST` of a body already serialised as JSON to the control plane on `node:http(s)` directly:
 * the event batches, hundreds of kB a second at 2,000 admissions a second. Through `fetch`
 * (undici) each ~450 kB batch held the gate's event loop 2.5 ms on average and up to 5.4 ms
 * before a byte was sent (the body turned into a web stream, WHATWG request plumbing), and the
 * bench's paced run showed a cluster of slow answers after every delivery. Same URL, headers,
 * deadline and errors as `controlPlaneFetch`; the answer is read up to `MAX_ANSWER_BYTES`.
 */
import http from 'node:http';
import https from 'node:https';
import { GATE_VERSION } from '../version.js';
import { ControlPlaneError, gateApiUrl, type ControlPlaneConfig } from './client.js';

/** The control plane answers a batch with counts and the refused events' problems: small. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

// One connection kept open per control plane: the reporter sends one batch at a time.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 2 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 2 }),
};

export interface ControlPlaneAnswer {
  status: number;
  headers: Headers;
  /** The answer's text, cut at MAX_ANSWER_BYTES (a cut answer then fails to parse). */
  text: string;
}

function headersOf(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** Answers ≥ 400 and failures (network, deadline) reject with `ControlPlaneError`, as fetch's do. */
export function controlPlanePostJson(
  config: ControlPlaneConfig,
  path: string,
  jsonText: string,
  timeoutMs: number,
): Promise<ControlPlaneAnswer> {
  let url: URL;
  try {
    url = new URL(gateApiUrl(config, path));
  } catch (e) {
    return Promise.reject(new ControlPlaneError(`POST ${path} failed: ${(e as Error).message}`, 0));
  }
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!client)
    return Promise.reject(
      new ControlPlaneError(`POST ${path} failed: unsupported protocol ${url.protocol}`, 0),
    );
  const body = Buffer.from(jsonText);
  return new Promise((resolve, reject) => {
    const fail = (e: Error) =>
      reject(
        e instanceof ControlPlaneError
          ? e
          : new ControlPlaneError(`POST ${path} failed: ${e.message}`, 0),
      );
    const req = client.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        headers: {
          authorization: `Bearer ${config.token}`,
          'x-gate-version': GATE_VERSION,
          accept: 'application/json',
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          clearTimeout(deadline);
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
          if (status >= 400)
            return fail(
              new ControlPlaneError(
                `POST ${path} answered ${status}: ${text.slice(0, 300)}`,
                status,
              ),
            );
          resolve({ status, headers: headersOf(res.headers), text });
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size < MAX_ANSWER_BYTES) return;
          // Enough: the rest is never read, and the connection is not reused.
          finish();
          res.destroy();
        });
        res.on('error', (e) => {
          if (!done) fail(e);
        });
        res.on('end', finish);
      },
    );
    const deadline = setTimeout(
      () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on('error', (e) => {
      clearTimeout(deadline);
      fail(e);
    });
    req.end(body);
  });
}
