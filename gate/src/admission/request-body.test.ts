import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useLocalHttpServer } from '../testing/local-http-server.js';
import { readBoundedBody, type BodyRead } from './request-body.js';

const LIMIT = 3 * 1024 * 1024;
const server = useLocalHttpServer();

/** A server that reads each body with readBoundedBody; `started` counts bodies being read. */
async function serve() {
  const results: BodyRead[] = [];
  let started = 0;
  const port = await server.start((req, res) => {
    started++;
    void readBoundedBody(req, LIMIT).then((r) => {
      results.push(r);
      res.end(r.ok ? String(r.body.length) : r.reason);
    });
  });
  return { port, results, started: () => started };
}

function send(port: number, length: number, chunks: Buffer[], end = true): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { port, host: '127.0.0.1', method: 'POST', headers: { 'content-length': length } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    if (end) req.end();
  });
}

describe('readBoundedBody', () => {
  it('reads small and large declared bodies whole, in any chunking', async () => {
    const { port } = await serve();
    expect(await send(port, 1300, [Buffer.alloc(700, 'a'), Buffer.alloc(600, 'b')])).toBe('1300');
    const big = Buffer.alloc(2 * 1024 * 1024, 'c');
    expect(await send(port, big.length, [big.subarray(0, 1e6), big.subarray(1e6)])).toBe(
      String(big.length),
    );
  });

  it('holds memory for the bytes that arrived, not for a large length only announced', async () => {
    const { port, started } = await serve();
    const before = process.memoryUsage().arrayBuffers;
    // 30 connections each announce 3 MB and send one byte, then wait.
    for (let i = 0; i < 30; i++) void send(port, LIMIT, [Buffer.from('{')], false).catch(() => {});
    while (started() < 30) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    // Announced: 90 MB. Allocated up front, arrayBuffers grew by that much.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1024 * 1024);
  });
});
