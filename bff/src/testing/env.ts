/** The test harness's own configuration (the only place tests' helpers read process.env). */
export const testEnv = {
  /** Set in CI: PostgreSQL suites must run there. */
  ci: Boolean(process.env.CI),
  /** Admin connection to the test PostgreSQL (trust auth, database `test`). */
  pgUrl: process.env.GATED_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  /** The environment child BFF processes inherit (PATH, HOME …) before the test's own variables. */
  inherited: { ...process.env } as Record<string, string | undefined>,
  /** PATH for child processes the tests start (the gate): nothing else of this shell leaks in. */
  path: process.env.PATH ?? '',
};
