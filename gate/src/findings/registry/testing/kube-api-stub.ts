/**
 * Test support: an HTTPS server standing in for the Kubernetes API server's read of named objects
 * (`GET /api/v1/namespaces/<ns>/<resource>/<name>`), with its own CA, a bearer token it checks,
 * paths it forbids (403 Status, as RBAC answers) and a log of every request. Objects are what
 * `kubectl create … --dry-run=client -o json` prints. Not used at runtime.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export interface KubeApiStub {
  /** `https://127.0.0.1:<port>` (the certificate names that IP, as an API server's names its ClusterIP). */
  url: string;
  /** `127.0.0.1:<port>`. */
  host: string;
  caPem: string;
  token: string;
  /** Path → object; absent paths answer 404 Status. */
  objects: Map<string, unknown>;
  /** Paths answered 403 (RBAC refusal). */
  forbidden: Set<string>;
  requests: { method: string; path: string; authorization: string | undefined }[];
  stop(): Promise<void>;
}

function status(code: number, reason: string, message: string): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });
}

export async function startKubeApiStub(token = 'gate-sa-token'): Promise<KubeApiStub> {
  const notAfterDate = new Date(Date.now() + 86_400_000);
  const ca = await generate([{ name: 'commonName', value: 'kube-apiserver-test-ca' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }],
  });
  const leaf = await generate([{ name: 'commonName', value: 'kube-apiserver' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7 as const, ip: '127.0.0.1' }] },
    ],
  });
  const objects = new Map<string, unknown>();
  const forbidden = new Set<string>();
  const requests: KubeApiStub['requests'] = [];
  const server: Server = createServer({ cert: leaf.cert, key: leaf.private }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization });
    const json = (code: number, body: string) =>
      res.writeHead(code, { 'content-type': 'application/json' }).end(body);
    if (req.headers.authorization !== `Bearer ${token}`)
      return json(401, status(401, 'Unauthorized', 'Unauthorized'));
    if (req.method !== 'GET') return json(405, status(405, 'MethodNotAllowed', 'GET only'));
    if (forbidden.has(path))
      return json(
        403,
        status(403, 'Forbidden', `system:serviceaccount:kube-system:gate cannot get ${path}`),
      );
    const object = objects.get(path);
    if (object === undefined) return json(404, status(404, 'NotFound', `${path} not found`));
    json(200, JSON.stringify(object));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    caPem: ca.cert,
    token,
    objects,
    forbidden,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
