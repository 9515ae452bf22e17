import { createServer } from 'node:net';
import { registryTesting } from '@gated/gate/registry';
import type { Problem } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const problem = (await res.json()) as Problem;
    expect(problem.code).toBe('UNAVAILABLE');
    // The socket error (ECONNREFUSED) stays in the log.
    expect(problem.detail).toBe(`127.0.0.1:${deadPort}: registry unreachable`);
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

describe('POST /findings/refresh never connects to internal addresses it was not allowed', () => {
  // Stands in for PostgreSQL on 127.0.0.1:5432: a listener that counts connections.
  let internal: registryTesting.ConnectionCounter;
  beforeAll(async () => {
    internal = await registryTesting.startConnectionCounter();
  });
  afterAll(async () => internal.stop());
  const s = useSuite('embedded');

  it('an image name naming a loopback port makes no connection and answers the generic 503', async () => {
    for (const reference of [
      `${internal.host}/x/y:1`,
      `${internal.host}/x/y@sha256:${'a'.repeat(64)}`,
      `localhost:${internal.port}/x/y:1`,
      `[::ffff:127.0.0.1]:${internal.port}/x/y:1`,
    ]) {
      const res = await s.admin.req('POST', '/findings/refresh', { reference });
      expect(res.status, reference).toBe(503);
      const problem = (await res.json()) as Problem;
      expect(problem.code).toBe('UNAVAILABLE');
      expect(problem.detail).toMatch(/: registry unreachable$/);
    }
    expect(internal.connections()).toBe(0);
  });
});
