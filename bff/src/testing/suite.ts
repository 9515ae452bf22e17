/** Per-suite setup: a BFF on the store, an admin and a reader signed in with cookies. */
import { afterAll, beforeAll } from 'vitest';
import { ADMIN_PASSWORD, Caller, READER_PASSWORD, startTestBff, type TestBff } from './test-bff.js';
import type { Environment, RegisteredCluster } from '@gated/shared';
import { awsEnvironment } from './fixtures.js';
import type { StoreKind } from './test-stores.js';

export interface Suite {
  t: TestBff;
  admin: Caller;
  reader: Caller;
}

/** Registers beforeAll/afterAll hooks; read the fields inside tests. */
export function useSuite(kind: StoreKind, extraEnv: Record<string, string> = {}): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    suite.t = await startTestBff(kind, extraEnv);
    suite.admin = await Caller.signIn(suite.t, 'admin', ADMIN_PASSWORD);
    suite.reader = await Caller.signIn(suite.t, 'reader', READER_PASSWORD);
  });
  afterAll(async () => {
    await suite.t?.close();
  });
  return suite;
}

/** A cluster registered by the admin in a new AWS environment named `name`. */
export async function registerGate(
  s: Suite,
  name: string,
): Promise<{ env: Environment; gateToken: string }> {
  const env = await s.admin.json<Environment>('POST', '/environments', awsEnvironment(name), 201);
  const reg = await s.admin.json<RegisteredCluster>(
    'POST',
    '/clusters',
    { environmentId: env.id, name },
    201,
  );
  return { env, gateToken: reg.gateToken };
}
