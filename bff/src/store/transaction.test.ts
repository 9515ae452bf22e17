/** inTransaction on both stores: commit, rollback, unique violations as 409s, after-commit hooks. */
import { ConflictError } from '@gated/shared';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storesUnderTest } from '../testing/test-stores.js';
import { queryRows, type Store } from './db.js';
import { inTransaction } from './transaction.js';

const kinds = await storesUnderTest();

describe.each(kinds)('inTransaction on the %s store', (kind) => {
  let store: Store;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, close } = await openTestStore(kind));
    await store.db.execute(sql`CREATE TABLE tx_probe (name text PRIMARY KEY)`);
  });
  afterAll(() => close());

  const names = async () =>
    (await queryRows<{ name: string }>(store.db, sql`SELECT name FROM tx_probe ORDER BY name`)).map(
      (r) => r.name,
    );

  it('commits the work and then runs the after-commit hook', async () => {
    const seen: string[][] = [];
    const result = await inTransaction(
      store.db,
      async (tx) => {
        await tx.execute(sql`INSERT INTO tx_probe (name) VALUES ('a')`);
        return 'done';
      },
      { afterCommit: () => void names().then((n) => seen.push(n)) },
    );
    expect(result).toBe('done');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await names()).toEqual(['a']);
    expect(seen).toHaveLength(1);
  });

  it('rolls back on a thrown error and never runs the hook', async () => {
    let hooked = false;
    await expect(
      inTransaction(
        store.db,
        async (tx) => {
          await tx.execute(sql`INSERT INTO tx_probe (name) VALUES ('b')`);
          throw new Error('use case refused');
        },
        { afterCommit: () => (hooked = true) },
      ),
    ).rejects.toThrow('use case refused');
    expect(hooked).toBe(false);
    expect(await names()).toEqual(['a']);
  });

  it('turns a unique violation into the caller’s ConflictError, and rolls back', async () => {
    const conflict = new ConflictError('A probe named "a" already exists', [
      { path: 'name', message: 'taken' },
    ]);
    let hooked = false;
    const failure = inTransaction(
      store.db,
      async (tx) => {
        await tx.execute(sql`INSERT INTO tx_probe (name) VALUES ('c')`);
        await tx.execute(sql`INSERT INTO tx_probe (name) VALUES ('a')`);
      },
      { onUniqueViolation: () => conflict, afterCommit: () => (hooked = true) },
    );
    await expect(failure).rejects.toBe(conflict);
    expect(hooked).toBe(false);
    expect(await names()).toEqual(['a']);
  });

  it('without a conflict mapping, the driver’s error passes through unchanged', async () => {
    const failure = inTransaction(store.db, async (tx) => {
      await tx.execute(sql`INSERT INTO tx_probe (name) VALUES ('a')`);
    });
    await expect(failure).rejects.not.toBeInstanceOf(ConflictError);
    await expect(failure).rejects.toBeDefined();
  });
});
