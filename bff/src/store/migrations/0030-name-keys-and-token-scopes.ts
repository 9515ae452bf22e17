/**
 * Version 30 (numbered apart from the others' to keep parallel work mergeable):
 * - rules are unique by `name_key` (ruleNameKey of @gated/shared: NFKC, invisibles stripped,
 *   case folded, look-alikes mapped) instead of the lower-cased name. The key is computed in JS,
 *   the one definition, so existing rows are backfilled by `run`. Two existing rules whose names
 *   only now collide keep distinct keys (the later one's suffixed with its id): nothing is lost,
 *   and renaming either resolves it.
 * - personal API tokens get scopes. Tokens made before scopes existed could do everything their
 *   owner can, and keep exactly that; new tokens must name their scopes.
 */
import { ruleNameKey } from '@gated/shared';
import type { MigrationConnection } from '../migrate.js';

export const sql = `
ALTER TABLE rules ADD COLUMN name_key text;
ALTER TABLE api_tokens ADD COLUMN scopes jsonb NOT NULL DEFAULT '["read","write","findings:upload","gate"]';
ALTER TABLE api_tokens ALTER COLUMN scopes DROP DEFAULT;
`;

export async function run(conn: MigrationConnection): Promise<void> {
  const rows = await conn.query<{ id: string; name: string | null }>(
    `SELECT id, body->>'name' AS name FROM rules ORDER BY created_at, id`,
  );
  const seen = new Set<string>();
  for (const row of rows) {
    let key = ruleNameKey(row.name ?? '') || row.id;
    if (seen.has(key)) key = `${key} #${row.id}`;
    seen.add(key);
    await conn.query('UPDATE rules SET name_key = $1 WHERE id = $2', [key, row.id]);
  }
  await conn.exec(`
ALTER TABLE rules ALTER COLUMN name_key SET NOT NULL;
CREATE UNIQUE INDEX rules_name_key_unique ON rules (name_key);
ALTER TABLE rules DROP COLUMN name_lower;
`);
}
