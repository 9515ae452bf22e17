import { createServer } from 'node:net';
import type { Problem } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { digestOf } from '../../testing/fixtures.js';
import { useSuite } from '../../testing/suite.js';

// A port nothing listens on: the registry is "down".
const deadPort = await new Promise<number>((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const addr = srv.address();
    srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 1));
  });
});

describe('POST /findings/refresh as mounted in the app (embedded store)', () => {
  const s = useSuite('embedded', { GATE_INSECURE_REGISTRIES: `127.0.0.1:${deadPort}` });

  it('answers 503 problem+json when the registry cannot be reached', async () => {
    const res = await s.admin.req('POST', '/findings/refresh', {
      reference: `127.0.0.1:${deadPort}/shop/web:1.0`,
    });
    expect(res.status).toBe(503);
    expect(((await res.json()) as Problem).code).toBe('UNAVAILABLE');
  });

  it('asks for the reference when only an unknown digest is given', async () => {
    const res = await s.admin.req('POST', '/findings/refresh', { digest: digestOf('unknown') });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors?.[0]?.path).toBe('reference');
  });

  it('is admin-only', async () => {
    expect(
      (await s.reader.req('POST', '/findings/refresh', { digest: digestOf('x') })).status,
    ).toBe(403);
  });
});
