import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './data-dir-lock.js';

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'gated-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const writeLock = (dir: string, pid: number, host = hostname()) =>
  writeFileSync(
    path.join(dir, LOCK_FILE),
    JSON.stringify({ pid, host, since: '2026-01-01T00:00:00.000Z', nonce: 'other' }),
  );
// A pid that surely belongs to no process: one that just exited.
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid ?? 0;

describe('embedded data folder lock', () => {
  it('refuses a second holder in the same process, and frees the folder on release', () => {
    const dir = freshDir();
    const first = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    first.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir).release();
  });

  it('refuses a lock held by another live process on this host, naming it', () => {
    const dir = freshDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeLock(dir, other.pid ?? 0);
      expect(() => lockDataDir(dir)).toThrow(
        new RegExp(`in use by another BFF \\(pid ${other.pid} on ${hostname()}`),
      );
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a lock whose process is gone (SIGKILL, crash)', () => {
    const dir = freshDir();
    writeLock(dir, deadPid());
    const lock = lockDataDir(dir);
    const owner = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    lock.release();
  });

  it('a lock from another host is honoured while fresh and taken over once it is not touched', () => {
    const dir = freshDir();
    writeLock(dir, 1, 'some-other-node');
    expect(() => lockDataDir(dir, { staleMs: 30_000 })).toThrow(/on some-other-node/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, LOCK_FILE), old, old);
    lockDataDir(dir, { staleMs: 30_000 }).release();
  });

  it('release leaves a lock that is no longer its own alone', () => {
    const dir = freshDir();
    const lock = lockDataDir(dir);
    writeLock(dir, 1, 'some-other-node');
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
  });
});
