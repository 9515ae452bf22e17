/**
 * One BFF per embedded data folder. PGlite does not lock its folder, and two processes on one folder
 * each keep their own copy in memory and overwrite each other's writes. The lock is a file created with
 * O_EXCL holding the owner's pid, host and a nonce, touched every few seconds while held. A lock is
 * stale — and taken over — when its owner is gone: same host and the pid is dead (or is our own pid,
 * a container restarted as pid 1), or it has not been touched for `staleMs` (another host, pid reuse).
 * docs/decisions/061-embedded-store-lock.md.
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'bff.lock';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  nonce: string;
}

/** Another live BFF holds the folder; the message says who and what to do. */
export class DataDirLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly owner: Partial<LockOwner>,
  ) {
    super(
      `The data folder ${path.dirname(lockPath)} is in use by another BFF ` +
        `(pid ${owner.pid ?? '?'} on ${owner.host ?? '?'}, since ${owner.since ?? '?'}). ` +
        `Stop that BFF, or give this one its own GATED_DATA_DIR (or a DATABASE_URL to share PostgreSQL). ` +
        `If no BFF uses the folder any more, delete ${lockPath}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly lockPath: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

export interface LockOptions {
  /** A lock not touched for this long is stale whatever its pid (ms). Default 30 000. */
  staleMs?: number;
  /** How often the holder touches the lock (ms). Default 10 000. */
  heartbeatMs?: number;
}

/** Folders locked by this process: a second open here is refused too, whatever the pid says. */
const heldHere = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): { owner: Partial<LockOwner>; raw: string } | undefined {
  try {
    const raw = readFileSync(file, 'utf8');
    try {
      return { owner: JSON.parse(raw) as Partial<LockOwner>, raw };
    } catch {
      return { owner: {}, raw };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function isStale(file: string, owner: Partial<LockOwner>, staleMs: number): boolean {
  let touched: number;
  try {
    touched = statSync(file).mtimeMs;
  } catch {
    return true;
  }
  if (Date.now() - touched > staleMs) return true;
  if (owner.host !== hostname() || typeof owner.pid !== 'number') return false;
  return owner.pid === process.pid || !pidAlive(owner.pid);
}

function tryCreate(file: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the folder's lock or throws `DataDirLockedError`. A stale lock is moved aside under a unique
 * name first, so two starters racing over the same stale lock cannot both win: only the one whose
 * moved-aside file still holds the stale content proceeds.
 */
export function lockDataDir(dir: string, options: LockOptions = {}): DataDirLock {
  const lockPath = path.join(path.resolve(dir), LOCK_FILE);
  const staleMs = options.staleMs ?? 30_000;
  if (heldHere.has(lockPath))
    throw new DataDirLockedError(lockPath, readOwner(lockPath)?.owner ?? {});
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    nonce: randomUUID(),
  };
  if (!tryCreate(lockPath, me)) {
    const existing = readOwner(lockPath);
    if (existing && !isStale(lockPath, existing.owner, staleMs))
      throw new DataDirLockedError(lockPath, existing.owner);
    if (existing) {
      const aside = `${lockPath}.${me.nonce}.stale`;
      try {
        renameSync(lockPath, aside);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      const moved = readOwner(aside);
      if (moved && moved.raw !== existing.raw) {
        // We moved a lock someone took after we read the stale one: put it back and give way.
        renameSync(aside, lockPath);
        throw new DataDirLockedError(lockPath, moved.owner);
      }
      if (moved) unlinkSync(aside);
    }
    if (!tryCreate(lockPath, me))
      throw new DataDirLockedError(lockPath, readOwner(lockPath)?.owner ?? {});
  }
  heldHere.add(lockPath);
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(lockPath, now, now);
    } catch {
      // The folder went away; release() will find nothing to remove.
    }
  }, options.heartbeatMs ?? 10_000);
  heartbeat.unref();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    heldHere.delete(lockPath);
    process.off('exit', release);
    const current = readOwner(lockPath);
    if (current?.owner.nonce === me.nonce) unlinkSync(lockPath);
  };
  // A normal exit without close() (process.exit after an error) still frees the folder.
  process.on('exit', release);
  return { lockPath, release };
}
