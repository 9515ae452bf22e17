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
import { webHeadersOf } from '../web-headers.js';
import { ControlPlaneError, gateApiUrl, type ControlPlaneConfig } from './client.js';

/**
 * The control plane answers a batch with counts and the refused events' problems: a few kB, up
 * to a few MB when hundreds of events are refused with their field errors.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * Kept-alive connections, closed after 30 s idle: before the control plane's own keep-alive ends
 * (the BFF's is 65 s), so a batch after a quiet minute never lands on a socket it is closing. The
 * reporter sends one batch at a time; a second socket covers a shutdown flush meanwhile.
 */
const agentOptions = { keepAlive: true, maxSockets: 2, timeout: 30_000 };
const agents = {
  'http:': new http.Agent(agentOptions),
  'https:': new https.Agent(agentOptions),
};

export interface ControlPlaneAnswer {
  status: number;
  headers: Headers;
  /** The answer's text, cut at MAX_ANSWER_BYTES (a cut answer then fails to parse). */
  text: string;
  /** True when the answer was longer than MAX_ANSWER_BYTES and the rest was not read. */
  cut: boolean;
}

/**
 * Answers ≥ 400 and failures (network, deadline) reject with `ControlPlaneError`, as fetch's do.
 * A redirect (3xx) rejects too, with its status: it is not followed (the bearer token would go
 * wherever it points), and taking it for an answer would count events as stored that were not.
 */
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
  return new Promise<ControlPlaneAnswer>((resolve, reject) => {
    const fail = (e: Error) =>
      reject(
        e instanceof ControlPlaneError
          ? e
          : new ControlPlaneError(`POST ${path} failed: ${e.message}`, 0),
      );
    const onAnswer = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(deadline);
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
        if (status >= 300 && status < 400) {
          const location = String(res.headers.location ?? '').slice(0, 300);
          return fail(
            new ControlPlaneError(
              `POST ${path} answered ${status}, a redirect to "${location}": not followed; the control plane URL should be the address it redirects to`,
              status,
            ),
          );
        }
        if (status >= 400)
          return fail(
            new ControlPlaneError(`POST ${path} answered ${status}: ${text.slice(0, 300)}`, status),
          );
        resolve({ status, headers: webHeadersOf(res), text, cut: size > MAX_ANSWER_BYTES });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) return;
        // Enough: the rest is never read, and the connection is not reused.
        finish();
        res.destroy();
      });
      res.on('error', (e) => {
        clearTimeout(deadline);
        if (!done) fail(e);
      });
      res.on('end', finish);
    };
    let req: http.ClientRequest;
    try {
      req = client.request(
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
        onAnswer,
      );
    } catch (e) {
      // A header value node refuses (a token with a line break): nothing was sent.
      fail(e as Error);
      return;
    }
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
