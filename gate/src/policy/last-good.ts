/**
 * The last good policy on disk (`${GATED_DATA_DIR}/gate-policy.json`), so a restarted gate enforces
 * the same rules while the control plane is unreachable. Written atomically (temp file, fsync,
 * rename). A file that exists but cannot be used is an error the operator must see, never a
 * silent "no policy": `loadLastGood` says which.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { GatePolicySchema, type GatePolicy } from '@gated/shared';

export const LAST_GOOD_FILE = 'gate-policy.json';

export async function saveLastGood(dataDir: string, policy: GatePolicy): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const target = path.join(dataDir, LAST_GOOD_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(JSON.stringify(policy), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
}

export type LastGood =
  | { status: 'found'; policy: GatePolicy }
  | { status: 'missing' }
  /** It exists but is unreadable, not JSON or not a policy. */
  | { status: 'unusable'; file: string; problem: string };

export async function loadLastGood(dataDir: string): Promise<LastGood> {
  const file = path.join(dataDir, LAST_GOOD_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'unusable', file, problem: `unreadable: ${(e as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { status: 'unusable', file, problem: `not JSON: ${(e as Error).message}` };
  }
  const parsed = GatePolicySchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      status: 'unusable',
      file,
      problem: `not a policy: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`,
    };
  }
  return { status: 'found', policy: parsed.data };
}
