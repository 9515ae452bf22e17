/**
 * Both images, proven here: built with buildah on the official base or one assembled locally,
 * pushed to a real docker-registry, pulled back and run with their own entrypoints. The gate
 * image answers an AdmissionReview over HTTPS; the control plane image serves the portal and a
 * real /readyz. Prints how long each step took (the figure CI pays).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatRuleExport } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startDockerRegistry,
  type RunningRegistry,
} from '../../gate/src/findings/registry/testing/docker-registry.js';
import { admissionReview, generateWorkload } from '../fixtures/kube.js';
import { freePort } from '../support/free-port.js';
import { REPO_ROOT } from '../support/services.js';
import {
  buildImage,
  chooseBase,
  imageConfig,
  pushImage,
  runEntrypoint,
  runOnce,
  type RunningContainer,
} from './buildah.js';

const figures: Record<string, number> = {};
async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await step();
  } finally {
    figures[name] = Math.round((performance.now() - started) / 100) / 10;
  }
}

/** Polls until `check` is true or the container exits (then its log is in the error). */
async function waitFor(
  what: string,
  c: RunningContainer,
  logFile: string,
  check: () => Promise<boolean>,
) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (c.child.exitCode !== null)
      throw new Error(`${what}: container exited: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not up after 120 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function httpsPost(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        rejectUnauthorized: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(chunks).toString()),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const revision = execFileSync('git', ['rev-parse', 'HEAD'], {
  cwd: REPO_ROOT,
  encoding: 'utf8',
}).trim();
const work = mkdtempSync(path.join(tmpdir(), 'gated-images-'));
// The image's user (65532) reads the bind-mounted policy below it.
execFileSync('chmod', ['755', work]);
let registry: RunningRegistry;
let base: string;

beforeAll(async () => {
  registry = await startDockerRegistry();
  const chosen = await timed('base', chooseBase);
  base = chosen.image;
  expect(base).not.toBe('');
}, 20 * 60_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
  console.log(`image figures (s): ${JSON.stringify(figures)}`);
});

/** The newest migration in the source tree: the version a freshly migrated image must report. */
function latestMigration(): number {
  const dir = path.join(REPO_ROOT, 'bff', 'src', 'store', 'migrations');
  const versions = readdirSync(dir)
    .filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'))
    .map((f) => Number(f.slice(0, 4)));
  return Math.max(...versions);
}

describe('the gate image', () => {
  let gate: RunningContainer | undefined;
  afterAll(async () => gate?.stop());

  it(
    'builds, pushes, and answers an AdmissionReview over HTTPS from its own entrypoint',
    async () => {
      await timed('gate build', () =>
        buildImage({
          containerfile: 'Containerfile',
          target: 'gate',
          tag: 'localhost/gated/gate:test',
          base,
          version: '0.1.0',
          revision,
        }),
      );
      const remote = `${registry.host}/gated/gate:test`;
      await timed('gate push', () => pushImage('localhost/gated/gate:test', remote));
      const manifest = await fetch(`http://${registry.host}/v2/gated/gate/manifests/test`, {
        headers: {
          accept:
            'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
        },
      });
      expect(manifest.status).toBe(200);

      const config = await imageConfig('localhost/gated/gate:test');
      expect(config.User).toBe('65532:65532');
      expect(config.Labels).toMatchObject({
        'org.opencontainers.image.version': '0.1.0',
        'org.opencontainers.image.revision': revision,
        'org.opencontainers.image.source': expect.stringMatching(/^https:\/\//) as string,
      });
      expect(
        await runOnce(remote, ['node', '-e', 'process.stdout.write(String(process.getuid()))']),
      ).toBe('65532');
      // Production dependencies only: no test runner, no TypeScript in the image.
      expect(
        await runOnce(remote, [
          'node',
          '-e',
          "for (const m of ['vitest','typescript']) { try { require.resolve(m); process.stdout.write(m) } catch {} }",
        ]),
      ).toBe('');

      const policyDir = path.join(work, 'policy');
      execFileSync('mkdir', ['-p', policyDir]);
      writeFileSync(
        path.join(policyDir, 'policy.yaml'),
        formatRuleExport([
          {
            name: 'Block unscanned',
            action: 'Deny',
            enabled: true,
            scope: { name: 'all', cloudScopes: [], resourceConditions: [] },
            conditions: {
              severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }],
              cveIds: [],
            },
            blockUnscanned: true,
            exemptions: [],
          },
        ]),
      );
      const port = await freePort();
      const logFile = path.join(work, 'gate.log');
      const running = await runEntrypoint(remote, {
        env: {
          GATE_PORT: String(port),
          GATE_HOST: '127.0.0.1',
          GATE_POLICY_FILE: '/policy/policy.yaml',
        },
        volumes: [`${policyDir}:/policy:ro`],
        logFile,
      });
      gate = running;
      const url = `https://127.0.0.1:${port}`;
      await timed('gate start', () =>
        waitFor('gate /readyz', running, logFile, async () => {
          const res = await httpsPost(
            `${url}/validate`,
            admissionReview(
              generateWorkload({
                kind: 'Pod',
                name: 'probe',
                namespace: 'default',
                image: 'registry.example/app:1',
              }),
            ),
          );
          return res.status === 200;
        }),
      );
      const review = admissionReview(
        generateWorkload({
          kind: 'Deployment',
          name: 'web',
          namespace: 'shop',
          images: ['registry.example/shop/web:1.0'],
        }),
      );
      const res = await httpsPost(`${url}/validate`, review);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: { uid: review.request.uid, allowed: false },
      });
    },
    30 * 60_000,
  );
});

describe('the control plane image', () => {
  let cp: RunningContainer | undefined;
  afterAll(async () => cp?.stop());

  it(
    'builds, pushes, serves the portal and a real /readyz from its own entrypoint',
    async () => {
      await timed('control plane build', () =>
        buildImage({
          containerfile: 'Containerfile',
          target: 'control-plane',
          tag: 'localhost/gated/control-plane:test',
          base,
          version: '0.1.0',
          revision,
        }),
      );
      const remote = `${registry.host}/gated/control-plane:test`;
      await timed('control plane push', () =>
        pushImage('localhost/gated/control-plane:test', remote),
      );
      const config = await imageConfig('localhost/gated/control-plane:test');
      expect(config.User).toBe('65532:65532');
      expect(config.Labels['org.opencontainers.image.revision']).toBe(revision);

      const port = await freePort();
      const logFile = path.join(work, 'control-plane.log');
      const dataDir = mkdtempSync(path.join(work, 'data-'));
      execFileSync('chown', ['65532:65532', dataDir]);
      const running = await runEntrypoint(remote, {
        env: {
          PORT: String(port),
          HOST: '127.0.0.1',
          GATED_ADMIN_PASSWORD: 'admin-password-1',
          GATED_READER_PASSWORD: 'reader-password-1',
        },
        volumes: [`${dataDir}:/data`],
        logFile,
      });
      cp = running;
      const url = `http://127.0.0.1:${port}`;
      await timed('control plane start', () =>
        waitFor(
          'control plane /healthz',
          running,
          logFile,
          async () => (await fetch(`${url}/healthz`)).ok,
        ),
      );
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', schemaVersion: latestMigration() });
      const portal = await fetch(`${url}/`);
      expect(portal.status).toBe(200);
      expect(await portal.text()).toMatch(/<div id="root">/);
      const metrics = await fetch(`${url}/metrics`);
      expect(await metrics.text()).toContain('gated_bff_http_request_duration_seconds_bucket');
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
      });
      expect(login.status).toBe(200);
    },
    30 * 60_000,
  );
});
