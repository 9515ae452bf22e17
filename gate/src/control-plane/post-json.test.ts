import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { useLocalHttpServer } from '../testing/local-http-server.js';
import { GATE_VERSION } from '../version.js';
import { ControlPlaneError } from './client.js';
import { controlPlanePostJson, MAX_ANSWER_BYTES } from './post-json.js';

const server = useLocalHttpServer();

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const port = await server.start(handler);
  return { baseUrl: `http://127.0.0.1:${port}/`, token: 't0k' };
}

describe('controlPlanePostJson', () => {
  it('posts the text with the gate headers and answers status, headers and text', async () => {
    const seen: { url?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    const config = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        Object.assign(seen, {
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        res.setHeader('x-gated-event-batch-limit', '123456');
        res.end('{"accepted":1}');
      });
    });
    const text = JSON.stringify({ events: [{ id: 'é-1' }] });
    const answer = await controlPlanePostJson(config, 'events', text, 5000);
    expect(answer.status).toBe(200);
    expect(answer.cut).toBe(false);
    expect(answer.text).toBe('{"accepted":1}');
    expect(answer.headers.get('x-gated-event-batch-limit')).toBe('123456');
    expect(seen.url).toBe('/api/v1/gate/events');
    expect(seen.body).toBe(text);
    expect(seen.headers?.authorization).toBe('Bearer t0k');
    expect(seen.headers?.['x-gate-version']).toBe(GATE_VERSION);
    expect(seen.headers?.['content-type']).toBe('application/json');
    expect(seen.headers?.['content-length']).toBe(String(Buffer.byteLength(text)));
  });

  it('rejects an answer ≥ 400 with its status and the start of its text', async () => {
    const config = await serve((req, res) => {
      req.resume();
      res.statusCode = 413;
      res.end(`too large ${'x'.repeat(1000)}`);
    });
    const error = await controlPlanePostJson(config, 'events', '{}', 5000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlPlaneError);
    expect((error as ControlPlaneError).status).toBe(413);
    expect((error as Error).message).toMatch(/^POST events answered 413: too large x+$/);
    expect((error as Error).message.length).toBeLessThan(340);
  });

  it('reads an endless answer only up to its bound', async () => {
    const config = await serve((req, res) => {
      req.resume();
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (res.write(chunk));
      };
      res.on('drain', pump);
      pump();
    });
    const answer = await controlPlanePostJson(config, 'events', '{}', 5000);
    expect(answer.status).toBe(200);
    expect(answer.text.length).toBe(MAX_ANSWER_BYTES);
    expect(answer.cut).toBe(true);
  });

  it('rejects a redirect with its status instead of following it or taking it for an answer', async () => {
    let posts = 0;
    const config = await serve((req, res) => {
      req.resume();
      posts++;
      res.statusCode = 308;
      res.setHeader('location', 'https://elsewhere.example/api/v1/gate/events');
      res.end('moved');
    });
    const error = await controlPlanePostJson(config, 'events', '{}', 5000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlPlaneError);
    expect((error as ControlPlaneError).status).toBe(308);
    expect((error as Error).message).toContain('https://elsewhere.example/api/v1/gate/events');
    expect(posts).toBe(1);
  });

  it('rejects an answer broken off mid-body and clears its deadline timer', async () => {
    const config = await serve((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"accepted":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    // The deadline is the one 60 s timer of the call; it must be cleared when the answer breaks.
    const armed = vi.spyOn(globalThis, 'setTimeout');
    const cleared = vi.spyOn(globalThis, 'clearTimeout');
    const error = await controlPlanePostJson(config, 'events', '{}', 60_000).catch(
      (e: unknown) => e,
    );
    const deadline = armed.mock.results[armed.mock.calls.findIndex((c) => c[1] === 60_000)];
    armed.mockRestore();
    const clearedTimers = cleared.mock.calls.map((c) => c[0]);
    cleared.mockRestore();
    expect(error).toBeInstanceOf(ControlPlaneError);
    expect((error as ControlPlaneError).status).toBe(0);
    expect(deadline?.value).toBeDefined();
    expect(clearedTimers).toContain(deadline?.value);
  });

  it('gives up at the deadline when the control plane never answers (status 0)', async () => {
    const config = await serve((req) => {
      req.resume();
    });
    const error = await controlPlanePostJson(config, 'events', '{}', 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlPlaneError);
    expect((error as ControlPlaneError).status).toBe(0);
    expect((error as Error).message).toBe('POST events failed: no answer within 100 ms');
  });

  it('refuses a URL that is neither http nor https without sending anything', async () => {
    const error = await controlPlanePostJson(
      { baseUrl: 'file:///etc', token: 't' },
      'events',
      '{}',
      100,
    ).catch((e: unknown) => e);
    expect((error as ControlPlaneError).status).toBe(0);
    expect((error as Error).message).toBe('POST events failed: unsupported protocol file:');
  });
});
