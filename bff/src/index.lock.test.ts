/**
 * Two real BFF processes on one embedded data folder: the second must refuse to start (exit code 2,
 * a message naming the holder) instead of running beside the first and losing its writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ruleInput } from './testing/fixtures.js';
import { signInHeaders, spawnBff, type BffProcess } from './testing/bff-process.js';
import { impactAcknowledgementFor } from './testing/impact-ack.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'gated-two-bffs-'));
const started: BffProcess[] = [];
const env = {
  GATED_DATA_DIR: dataDir,
  GATED_ADMIN_PASSWORD: 'lock-admin-1',
  GATED_READER_PASSWORD: 'lock-reader-1',
};

afterAll(async () => {
  for (const p of started) await p.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('one BFF per embedded data folder', { timeout: 180_000 }, () => {
  it('a second BFF on the same folder exits non-zero with a clear message; the first keeps working', async () => {
    const first = await spawnBff(env);
    started.push(first);
    const second = await spawnBff(env, { expectExit: true });
    started.push(second);
    expect(second.output()).not.toContain('listening on');
    expect(second.child.exitCode).toBe(2);
    expect(second.output()).toMatch(
      new RegExp(`data folder ${dataDir} is in use by another BFF \\(pid ${first.child.pid} `),
    );
    const headers = await signInHeaders(first.base, 'admin', 'lock-admin-1');
    const draft = ruleInput('still the only writer');
    const res = await fetch(`${first.base}/api/v1/rules`, {
      method: 'POST',
      headers: { ...headers, ...impactAcknowledgementFor(draft) },
      body: JSON.stringify(draft),
    });
    expect(res.status).toBe(201);

    // After the holder is gone — even by SIGKILL, with no cleanup — the folder can be opened again.
    expect(await first.stop('SIGKILL')).toBeNull();
    const third = await spawnBff(env);
    started.push(third);
    const again = await signInHeaders(third.base, 'admin', 'lock-admin-1');
    const rules = (await (
      await fetch(`${third.base}/api/v1/rules`, { headers: again })
    ).json()) as {
      items: { name: string }[];
    };
    expect(rules.items.map((r) => r.name)).toContain('still the only writer');
    expect(await third.stop()).toBe(0);
  });
});
