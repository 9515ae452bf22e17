/**
 * Test support: runs Debian's `docker-registry` (CNCF distribution 2.8) on a free loopback port with a
 * generated config in a temp dir, and tears it down. Not used at runtime.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DOCKER_REGISTRY_BIN = '/usr/bin/docker-registry';

/** True when the binary exists. In CI its absence must fail the suite, so callers only skip outside CI. */
export const dockerRegistryAvailable = (): boolean => existsSync(DOCKER_REGISTRY_BIN);

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type RegistryAuthConfig =
  | { kind: 'none' }
  | { kind: 'htpasswd'; htpasswd: string }
  | { kind: 'token'; realm: string; service: string; issuer: string; rootCertPem: string };

export interface RunningRegistry {
  /** `127.0.0.1:<port>`: the registry host as image references name it. */
  host: string;
  dir: string;
  stop(): Promise<void>;
}

function authYaml(auth: RegistryAuthConfig, dir: string): string {
  switch (auth.kind) {
    case 'none':
      return '';
    case 'htpasswd':
      writeFileSync(join(dir, 'htpasswd'), auth.htpasswd);
      return `auth:\n  htpasswd:\n    realm: gated-test\n    path: ${join(dir, 'htpasswd')}\n`;
    case 'token':
      writeFileSync(join(dir, 'token-ca.pem'), auth.rootCertPem);
      return `auth:\n  token:\n    realm: ${auth.realm}\n    service: ${auth.service}\n    issuer: ${auth.issuer}\n    rootcertbundle: ${join(dir, 'token-ca.pem')}\n`;
  }
}

/** Starts a registry and waits until `/v2/` answers. */
export async function startDockerRegistry(
  auth: RegistryAuthConfig = { kind: 'none' },
): Promise<RunningRegistry> {
  if (!dockerRegistryAvailable())
    throw new Error(`${DOCKER_REGISTRY_BIN} is missing: apt-get install -y docker-registry`);
  const dir = mkdtempSync(join(tmpdir(), 'gated-registry-'));
  const port = await freePort();
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: gated-test-secret',
    authYaml(auth, dir),
  ].join('\n');
  writeFileSync(join(dir, 'config.yml'), config);
  const child: ChildProcess = spawn(DOCKER_REGISTRY_BIN, ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
    try {
      const res = await fetch(`http://${host}/v2/`);
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host,
    dir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
