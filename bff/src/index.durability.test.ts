/**
 * Durability on the embedded store: run the real entry point, make acknowledged writes, SIGKILL the
 * process (no shutdown hooks run), start it again on the same data folder and read everything back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Rule } from '@gated/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { ruleInput } from './testing/fixtures.js';
import { impactAcknowledgementFor } from './testing/impact-ack.js';

const entry = path.join(import.meta.dirname, 'index.ts');
const dataDir = mkdtempSync(path.join(tmpdir(), 'gated-durability-'));
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

async function startProcess(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      GATED_DATA_DIR: dataDir,
      GATED_ADMIN_PASSWORD: 'durable-admin',
      GATED_READER_PASSWORD: 'durable-reader',
      GATED_WEB_DIR: '/nonexistent',
      DATABASE_URL: '',
      GATED_DEMO: '1',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600; i++) {
    if (out.includes('listening on')) return { child, output: () => out };
    if (child.exitCode !== null) throw new Error(`BFF exited: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`BFF did not start: ${out}`);
}

async function signIn(base: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'durable-admin' }),
  });
  const me = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' };
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('embedded store durability', { timeout: 180_000 }, () => {
  it('keeps every acknowledged write across SIGKILL and restart', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await startProcess(port);
    expect(first.output()).toContain('sign in as admin / durable-admin');
    const token = readFileSync(path.join(dataDir, 'demo-gate-token'), 'utf8').trim();
    const headers = await signIn(base);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const draft = ruleInput(`durable ${i}`);
      const res = await fetch(`${base}/api/v1/rules`, {
        method: 'POST',
        headers: { ...headers, ...impactAcknowledgementFor(draft) },
        body: JSON.stringify(draft),
      });
      expect(res.status).toBe(201);
      created.push(((await res.json()) as Rule).id);
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startProcess(port);
    expect(second.output()).not.toContain('sign in as admin / durable-admin');
    const after = await signIn(base);
    const rules = (await (await fetch(`${base}/api/v1/rules`, { headers: after })).json()) as {
      items: Rule[];
    };
    for (const id of created) expect(rules.items.map((r) => r.id)).toContain(id);
    expect(
      rules.items.filter((r) => r.name.startsWith('Deny Critical findings in production')),
    ).toHaveLength(1);
    expect(readFileSync(path.join(dataDir, 'demo-gate-token'), 'utf8').trim()).toBe(token);
    const policy = await fetch(`${base}/api/v1/gate/policy`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(policy.status).toBe(200);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  });
});
