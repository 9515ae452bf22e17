import { describe, expect, it } from 'vitest';
import { useLocalHttpServer } from '../../testing/local-http-server.js';
import { RegistryHttp } from './registry-http.js';

const server = useLocalHttpServer();

/**
 * A registry (picked by an image name, so by anyone who writes a workload) whose Bearer challenge
 * points at its own token endpoint; the endpoint answers `tokenBody`, or spaces without end.
 */
async function registryWithTokenAnswer(tokenBody: string): Promise<{ host: string }> {
  const port = await server.start((req, res) => {
    const host = req.headers.host ?? '';
    if (req.url?.startsWith('/v2/')) {
      if (req.headers.authorization === 'Bearer t0k') return res.end('{}');
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="x"` });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    if (tokenBody !== 'endless') return res.end(tokenBody);
    const spaces = Buffer.alloc(64 * 1024, ' ');
    const pump = () => {
      while (!res.destroyed) if (!res.write(spaces)) return void res.once('drain', pump);
    };
    pump();
  });
  return { host: `127.0.0.1:${port}` };
}

const manifest = (http: RegistryHttp, registry: string) =>
  http.request({ registry, path: '/v2/x/manifests/1', scope: 'repository:x:pull' });

describe('the registry token answer', () => {
  it('is used when it is an ordinary answer, with or without a byte-order mark', async () => {
    for (const text of ['{"token":"t0k","expires_in":300}', '\ufeff{"token":"t0k"}']) {
      const { host } = await registryWithTokenAnswer(text);
      const res = await manifest(new RegistryHttp({ insecureRegistries: [host] }), host);
      expect(res.status).toBe(200);
    }
  });

  it('is refused past 1 MiB: an answer without end is cut, not read into memory', async () => {
    const { host } = await registryWithTokenAnswer('endless');
    await expect(manifest(new RegistryHttp({ insecureRegistries: [host] }), host)).rejects.toThrow(
      /body exceeds the 1048576-byte limit/,
    );
  });

  it('that is JSON but not an object gives no token, as unparsable text does', async () => {
    for (const text of ['null', '"t0k"', 'not json']) {
      const { host } = await registryWithTokenAnswer(text);
      await expect(
        manifest(new RegistryHttp({ insecureRegistries: [host] }), host),
      ).rejects.toThrow(/token endpoint gave no token/);
    }
  });
});
