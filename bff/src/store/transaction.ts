/**
 * The one way to run a unit of work against the store. Drizzle's transaction object is already a
 * `Db` (both drivers), so repositories take `Db` and never need to know whether they are inside a
 * transaction; this helper adds what every use case wants around the commit: a unique-constraint
 * violation becomes the caller's `ConflictError` (so a race between two writers answers 409, not
 * 500), and side effects that must only follow a commit (waking the gates' long-polls) run after it.
 */
import type { ConflictError } from '@gated/shared';
import type { Db } from './db.js';
import { isUniqueViolation } from './unique-violation.js';

export interface TransactionOptions {
  /** The 409 to answer when a unique constraint is violated inside the transaction. */
  onUniqueViolation?: () => ConflictError;
  /** Runs once the transaction has committed (never after a rollback). */
  afterCommit?: () => void;
}

export async function inTransaction<T>(
  db: Db,
  work: (tx: Db) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  let result: T;
  try {
    result = await db.transaction((tx) => work(tx));
  } catch (e) {
    if (options.onUniqueViolation && isUniqueViolation(e)) throw options.onUniqueViolation();
    throw e;
  }
  options.afterCommit?.();
  return result;
}
