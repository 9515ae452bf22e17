/**
 * What node's HTTP client received, as web `Headers`: for the clients that talk `node:http`
 * directly (the registry's outbound guard, the control plane's event posts) and hand headers on
 * to code written against `fetch`'s `Response`.
 */
import type { IncomingMessage } from 'node:http';

export function webHeadersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    try {
      headers.append(res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '');
    } catch {
      // A header value fetch would refuse: dropped, as no reader of these answers needs it.
    }
  }
  return headers;
}
