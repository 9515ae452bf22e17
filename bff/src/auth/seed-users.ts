/** First start with an empty store: create `admin` and `reader`, with configured or random passwords. */
import type { Db } from '../store/db.js';
import { countUsers, insertUser } from '../store/auth.repo.js';
import { hashPassword, randomPassword } from './passwords.js';

export interface SeededUsers {
  admin: { username: 'admin'; password: string; generated: boolean };
  reader: { username: 'reader'; password: string; generated: boolean };
}

/** Returns the credentials when it created the accounts (to print once), undefined when users existed. */
export async function seedUsers(
  db: Db,
  passwords: { admin?: string | undefined; reader?: string | undefined },
): Promise<SeededUsers | undefined> {
  if ((await countUsers(db)) > 0) return undefined;
  const admin = passwords.admin ?? randomPassword();
  const reader = passwords.reader ?? randomPassword();
  await insertUser(db, 'admin', await hashPassword(admin), 'SecurityAdmin');
  await insertUser(db, 'reader', await hashPassword(reader), 'SecurityReader');
  return {
    admin: { username: 'admin', password: admin, generated: !passwords.admin },
    reader: { username: 'reader', password: reader, generated: !passwords.reader },
  };
}
