/**
 * One request must not kill the gate: a real gate process (src/main.ts, as `node dist/main.js`
 * runs it) on 127.0.0.1 is sent a 400 MiB chunked body. It must refuse it (413 or a closed
 * connection) without buffering it, answer the next kubectl-made AdmissionReview, and its peak
 * resident memory must stay under the container limit the manifests set (src/deploy/manifests.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdmissionReviewResponseSchema } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admissionReview, loadFixture } from '../testdata/k8s/admission-review.js';
import { FakeControlPlane } from './testing/fake-control-plane.js';
import { eventually, httpsRequest } from './testing/https-client.js';
import { testPolicy, testRule } from './testing/policy-fixtures.js';
import { rawHttps } from './testing/raw-https.js';

const MEMORY_LIMIT_BYTES = 512 * 1024 * 1024; // limits.memory of the generated Deployment
const BODY_BYTES = 400 * 1024 * 1024;
const PIECE = Buffer.alloc(64 * 1024, 0x20);

let cp: FakeControlPlane;
let child: ChildProcess;
let url = '';

/** Kernel figures of the gate process: current and peak resident set, in bytes. */
function residentBytes(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

beforeAll(async () => {
  cp = await new FakeControlPlane().start();
  cp.setPolicy(testPolicy([testRule({ name: 'No criticals' })]));
  const gateDir = fileURLToPath(new URL('..', import.meta.url));
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: gateDir,
    env: {
      PATH: process.env.PATH ?? '',
      GATE_PORT: '0',
      GATE_HOST: '127.0.0.1',
      GATE_CONTROL_PLANE_URL: cp.url,
      GATE_CLUSTER_TOKEN: cp.token,
      GATED_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gate-oversized-')),
      GATE_POLICY_WAIT_S: '1',
      GATE_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The gate logs its URL once it listens (pino JSON on stdout).
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /"url":"(https:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"gate listening"/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`gate exited with ${code}`)));
  });
  child.stdout?.resume();
  await eventually(
    'ready',
    async () => (await httpsRequest(`${url}/readyz`)).status === 200,
    20_000,
  );
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await cp.stop();
});

describe('a 400 MiB chunked body against a real gate process', () => {
  it('is refused without being buffered; the gate answers the next review with memory under its limit', async () => {
    const pid = child.pid as number;
    const port = Number(new URL(url).port);
    const answer = await rawHttps(
      port,
      {
        chunked: true,
        body: Array.from({ length: BODY_BYTES / PIECE.length }, () => PIECE),
      },
      90_000,
    );
    expect(child.exitCode).toBeNull();
    const afterFlood = residentBytes(pid);
    expect(afterFlood.peak).toBeLessThan(MEMORY_LIMIT_BYTES);
    if (!answer.closed) expect(answer.status).toBe(413);

    const next = await httpsRequest(`${url}/validate?timeout=10s`, {
      method: 'POST',
      body: JSON.stringify(admissionReview(loadFixture('deployment'), { uid: 'after-the-flood' })),
    });
    expect(next.status).toBe(200);
    expect(AdmissionReviewResponseSchema.parse(next.json()).response.uid).toBe('after-the-flood');

    expect(residentBytes(pid).rss).toBeLessThan(MEMORY_LIMIT_BYTES);
  }, 120_000);
});
