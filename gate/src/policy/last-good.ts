/**
 * The last good policy on disk (`${GATED_DATA_DIR}/gate-policy.json`), so a restarted gate enforces
 * the same rules while the control plane is unreachable. Written atomically (temp file + rename).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GatePolicySchema, type GatePolicy } from '@gated/shared';

export const LAST_GOOD_FILE = 'gate-policy.json';

export async function saveLastGood(dataDir: string, policy: GatePolicy): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const target = path.join(dataDir, LAST_GOOD_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(policy), 'utf8');
  await rename(temp, target);
}

/** The saved policy, or null when there is none or it no longer parses. */
export async function loadLastGood(dataDir: string): Promise<GatePolicy | null> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, LAST_GOOD_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = GatePolicySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
