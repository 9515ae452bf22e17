/**
 * The real gate (`@gated/gate`'s built entry point) as a child process for cross-package tests,
 * a loopback listener for a test BFF that can be taken down and brought back on the same port,
 * and kubectl-made workloads wrapped as AdmissionReviews.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { request as httpsRequest, Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serve } from '@hono/node-server';
import type { AdmissionResponse } from '@gated/shared';
import type { Bff } from '../server.js';
import { testEnv } from './env.js';

/** `@gated/gate` is a dependency of this package: its built entry point sits beside its engine. */
const GATE_MAIN = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@gated/gate/engine')),
  '..',
  'main.js',
);

/** Polls `check` until it holds (every 100 ms), failing after `timeoutMs` with `what`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The BFF's app on a loopback port; `down()` closes it (the store stays), `up()` reopens the port. */
export class BffListener {
  private server: Server | null = null;
  port = 0;

  constructor(private readonly bff: Bff) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      const server = serve(
        { fetch: this.bff.app.fetch, port: this.port, hostname: '127.0.0.1' },
        (info: AddressInfo) => {
          this.port = info.port;
          resolve();
        },
      ) as Server;
      server.once('error', reject);
      this.server = server;
    });
    return this;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 32, rejectUnauthorized: false });

function httpsCall(
  url: string,
  method: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method, agent, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface GateProcess {
  url: string;
  child: ChildProcess;
  review(object: Record<string, unknown>): Promise<AdmissionResponse>;
  readyz(): Promise<{ status: number; body: Record<string, unknown> }>;
  metrics(): Promise<string>;
  /** Everything the process printed. */
  output(): string;
  /** Sends `signal` and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `gate/dist/main.js` on a free port and resolves once `/readyz` answers 200. */
export async function startGateProcess(env: Record<string, string>): Promise<GateProcess> {
  const child = spawn(process.execPath, [GATE_MAIN], {
    env: {
      PATH: testEnv.path,
      GATE_PORT: '0',
      GATE_HOST: '127.0.0.1',
      GATE_LOG_LEVEL: 'info',
      GATE_EVENT_FLUSH_MS: '100',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let url = '';
  await waitFor(
    'the gate to listen',
    () => {
      if (child.exitCode !== null) throw new Error(`gate exited: ${out}`);
      url = /"url":"(https:\/\/127\.0\.0\.1:\d+)"/.exec(out)?.[1] ?? '';
      return url !== '';
    },
    30_000,
  ).catch((e: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${out}`);
  });
  const gate: GateProcess = {
    url,
    child,
    async review(object) {
      const res = await httpsCall(
        `${url}/validate`,
        'POST',
        JSON.stringify(admissionReview(object)),
      );
      if (res.status !== 200) throw new Error(`/validate answered ${res.status}: ${res.text}`);
      return (JSON.parse(res.text) as { response: AdmissionResponse }).response;
    },
    async readyz() {
      const res = await httpsCall(`${url}/readyz`, 'GET');
      return { status: res.status, body: JSON.parse(res.text) as Record<string, unknown> };
    },
    async metrics() {
      return (await httpsCall(`${url}/metrics`, 'GET')).text;
    },
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
  await waitFor('the gate to be ready', async () => (await gate.readyz()).status === 200);
  return gate;
}

/** `kubectl create deployment … --dry-run=client -o json`, as a user's CI would make it. */
export function kubectlDeployment(
  name: string,
  image: string,
  namespace: string,
): Record<string, unknown> {
  const json = execFileSync(
    'kubectl',
    [
      'create',
      'deployment',
      name,
      `--image=${image}`,
      '-n',
      namespace,
      '--dry-run=client',
      '-o',
      'json',
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(json) as Record<string, unknown>;
}

/** An `admission.k8s.io/v1` review of creating `object` (a Deployment), as the API server sends it. */
export function admissionReview(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = object.metadata as { name: string; namespace: string };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: randomUUID(),
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: metadata.name,
      namespace: metadata.namespace,
      operation: 'CREATE',
      userInfo: { username: 'ci@example.com', groups: ['system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  };
}
