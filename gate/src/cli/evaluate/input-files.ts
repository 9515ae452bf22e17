/**
 * Bounded reading of the files `evaluate` is given: files, folders (walked in name order, like
 * `kubectl apply -R`) and `-` for stdin. Every read is capped before the bytes are decoded, folders
 * are walked to a bounded depth and file count, and a folder that links back to one of its own
 * ancestors (a symlink loop) is refused rather than followed.
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '@gated/shared';

export interface ReadLimits {
  /** Largest single file (or stdin) read, in bytes. */
  maxFileBytes: number;
  /** Largest sum of everything read, in bytes. */
  maxTotalBytes: number;
  /** Most files a run reads. */
  maxFiles: number;
  /** Deepest folder nesting walked below a given folder. */
  maxFolderDepth: number;
}

export interface InputFile {
  /** As the user will recognise it: the given path, or the path below a given folder; `-` for stdin. */
  path: string;
  text: string;
}

/** Counts what a run has read so far, across calls. */
export class ReadBudget {
  private files = 0;
  private bytes = 0;
  constructor(readonly limits: ReadLimits) {}

  take(file: string, size: number): void {
    this.files++;
    this.bytes += size;
    if (this.files > this.limits.maxFiles)
      throw new InputError(`More than ${this.limits.maxFiles} files to read`, [
        { path: file, message: 'Give fewer files or narrower folders' },
      ]);
    if (this.bytes > this.limits.maxTotalBytes)
      throw new InputError(`More than ${this.limits.maxTotalBytes} bytes to read in all`, [
        { path: file, message: 'Give fewer or smaller files' },
      ]);
  }
}

function tooLarge(file: string, size: number, max: number): InputError {
  return new InputError(`${file} is ${size} bytes; at most ${max} are read`, [
    { path: file, message: `Larger than ${max} bytes` },
  ]);
}

function decode(file: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${file} is not UTF-8 text`, [{ path: file, message: 'Not UTF-8' }]);
  }
}

/** Reads at most `max` bytes of a stream; more is an error (the rest is not buffered). */
export async function readStreamBounded(
  stream: Readable,
  name: string,
  budget: ReadBudget,
): Promise<InputFile> {
  const max = budget.limits.maxFileBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.byteLength;
    if (size > max) {
      stream.destroy();
      throw tooLarge(name, size, max);
    }
    chunks.push(buf);
  }
  budget.take(name, size);
  return { path: name, text: decode(name, Buffer.concat(chunks)) };
}

async function readFileBounded(file: string, budget: ReadBudget): Promise<InputFile> {
  const max = budget.limits.maxFileBytes;
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > max) throw tooLarge(file, size, max);
    // Read one byte more than allowed: a file that grew since stat() is still caught.
    const buf = Buffer.alloc(Math.min(size, max) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > max) throw tooLarge(file, length, max);
      if (length === buf.length) break;
    }
    budget.take(file, length);
    return { path: file, text: decode(file, buf.subarray(0, length)) };
  } finally {
    await handle.close();
  }
}

function notFound(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'No such file or folder'
      : code === 'EACCES'
        ? 'Permission denied'
        : code === 'ELOOP'
          ? 'A symlink loop'
          : `Cannot be read (${code ?? (e as Error).message})`;
  return new InputError(`${file}: ${why}`, [{ path: file, message: why }]);
}

/**
 * Every file under `root` whose name `wanted` accepts, in name order, folders below folders. A
 * folder whose real path is one of its ancestors' is a symlink loop: refused with its path.
 */
async function walk(
  root: string,
  wanted: (name: string) => boolean,
  budget: ReadBudget,
  out: string[],
): Promise<void> {
  const visit = async (dir: string, ancestors: readonly string[], depth: number) => {
    const real = await realpath(dir);
    if (ancestors.includes(real))
      throw new InputError(`${dir} links back to ${real}: a symlink loop`, [
        { path: dir, message: 'Symlink loop: this folder contains itself' },
      ]);
    if (depth > budget.limits.maxFolderDepth)
      throw new InputError(`${dir} is nested deeper than ${budget.limits.maxFolderDepth} folders`, [
        { path: dir, message: 'Folders nested too deeply' },
      ]);
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const full = path.join(dir, name);
      let info;
      try {
        info = await stat(full);
      } catch (e) {
        throw notFound(full, e);
      }
      if (info.isDirectory()) await visit(full, [...ancestors, real], depth + 1);
      else if (info.isFile() && wanted(name)) {
        out.push(full);
        if (out.length > budget.limits.maxFiles)
          throw new InputError(`More than ${budget.limits.maxFiles} files under ${root}`, [
            { path: root, message: 'Give fewer files or narrower folders' },
          ]);
      }
    }
  };
  await visit(root, [], 0);
}

/**
 * Reads every path: a file as given (whatever its name), a folder's files whose names `wanted`
 * accepts, `-` from `stdin` (once).
 */
export async function readInputs(
  paths: readonly string[],
  options: { wanted: (name: string) => boolean; stdin: Readable; budget: ReadBudget },
): Promise<InputFile[]> {
  const files: InputFile[] = [];
  let stdinUsed = false;
  for (const given of paths) {
    if (given === '-') {
      if (stdinUsed)
        throw new InputError('- (stdin) is given twice', [
          { path: '-', message: 'Give - at most once' },
        ]);
      stdinUsed = true;
      files.push(await readStreamBounded(options.stdin, '-', options.budget));
      continue;
    }
    let info;
    try {
      info = await stat(given);
    } catch (e) {
      throw notFound(given, e);
    }
    if (info.isDirectory()) {
      const found: string[] = [];
      try {
        await walk(given, options.wanted, options.budget, found);
      } catch (e) {
        throw e instanceof InputError ? e : notFound(given, e);
      }
      for (const f of found) files.push(await readFileBounded(f, options.budget));
    } else {
      try {
        files.push(await readFileBounded(given, options.budget));
      } catch (e) {
        throw e instanceof InputError ? e : notFound(given, e);
      }
    }
  }
  return files;
}
