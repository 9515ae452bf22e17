/**
 * A gate started while its control plane is unreachable, from what it left in its data folder:
 * unusable last-good files are logged at error level, counted and shown by /readyz (real HTTPS).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { readEnv } from './env.js';
import { startGate, type RunningGate } from './gate.js';
import { FINDINGS_SNAPSHOT_FILE } from './findings/snapshot.js';
import { LAST_GOOD_FILE } from './policy/last-good.js';
import { FakeControlPlane } from './testing/fake-control-plane.js';
import { httpsRequest } from './testing/https-client.js';
import { testPolicy, testRule } from './testing/policy-fixtures.js';

const running: RunningGate[] = [];
afterEach(async () => {
  for (const g of running.splice(0)) await g.stop();
});

/** A control-plane URL nothing listens on (a stopped fake's port). */
async function downControlPlane(): Promise<FakeControlPlane> {
  const cp = await new FakeControlPlane().start();
  await cp.stop();
  return cp;
}

async function startFrom(dataDir: string, cp: FakeControlPlane) {
  const errors: { msg: string; [k: string]: unknown }[] = [];
  const logger = pino(
    { level: 'error' },
    { write: (line: string) => errors.push(JSON.parse(line) as { msg: string }) },
  );
  const gate = await startGate(
    readEnv({
      GATE_PORT: '0',
      GATE_HOST: '127.0.0.1',
      GATE_CONTROL_PLANE_URL: cp.url,
      GATE_CLUSTER_TOKEN: cp.token,
      GATED_DATA_DIR: dataDir,
    }),
    { logger },
  );
  running.push(gate);
  return { gate, errors };
}

describe('restart with the control plane down', () => {
  it('a corrupt last-good policy is an error log, a metric and a /readyz problem, not silence', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gate-restart-'));
    writeFileSync(path.join(dir, LAST_GOOD_FILE), '{"revision": "r1", "rules": [tru');
    const { gate, errors } = await startFrom(dir, await downControlPlane());
    const ready = await httpsRequest(`${gate.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.json()).toMatchObject({
      lastGoodProblems: [
        { file: 'policy', problem: expect.stringContaining('not JSON') as string },
      ],
    });
    expect(errors.some((e) => e.msg.includes('last good policy file cannot be used'))).toBe(true);
    const metrics = (await httpsRequest(`${gate.url}/metrics`)).text;
    expect(metrics).toContain('gated_last_good_errors_total{file="policy"} 1');
  });

  it('a damaged findings snapshot is refused whole and reported, while the saved policy still serves', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gate-restart-'));
    writeFileSync(
      path.join(dir, LAST_GOOD_FILE),
      JSON.stringify(testPolicy([testRule({ name: 'No criticals' })])),
    );
    // A header announcing two answers, and only one (a lost tail is not a good snapshot).
    writeFileSync(
      path.join(dir, FINDINGS_SNAPSHOT_FILE),
      `${JSON.stringify({ v: 1, savedAt: '2030-01-01T00:00:00.000Z', tags: 1, reports: 1 })}\n` +
        `${JSON.stringify({ t: 'myacr.azurecr.io/shop/api:1.4', d: null, s: 'report', at: 1 })}\n`,
    );
    const { gate, errors } = await startFrom(dir, await downControlPlane());
    const ready = await httpsRequest(`${gate.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({
      source: 'disk',
      lastGoodProblems: [
        { file: 'findings', problem: expect.stringContaining('incomplete') as string },
      ],
    });
    expect(errors.some((e) => e.msg.includes('findings snapshot cannot be used'))).toBe(true);
    expect((await httpsRequest(`${gate.url}/metrics`)).text).toContain(
      'gated_last_good_errors_total{file="findings"} 1',
    );
    expect(gate.findings.size).toEqual({ tags: 0, reports: 0 });
  });
});
