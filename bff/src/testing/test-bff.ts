/** A whole BFF on a given store, plus a small HTTP client that signs in like the portal does. */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino from 'pino';
import { loadEnv } from '../env.js';
import { startBff, type Bff } from '../server.js';
import { freshPostgresSchema, type StoreKind } from './test-stores.js';
import { withImpactAcknowledgement } from './impact-ack.js';

export const ADMIN_PASSWORD = 'admin-password-1';
export const READER_PASSWORD = 'reader-password-1';

export interface TestBff {
  bff: Bff;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Serves the app over real HTTP on an ephemeral loopback port; the base URL (closed with close()). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function startTestBff(
  kind: StoreKind,
  extraEnv: Record<string, string> = {},
  options: { clock?: () => number; manualNotifications?: boolean } = {},
): Promise<TestBff> {
  const pgSchema = kind === 'postgres' ? await freshPostgresSchema() : undefined;
  const env = loadEnv({
    GATED_ADMIN_PASSWORD: ADMIN_PASSWORD,
    GATED_READER_PASSWORD: READER_PASSWORD,
    GATED_WEB_DIR: '/nonexistent',
    ...(pgSchema ? { DATABASE_URL: pgSchema.url } : {}),
    ...extraEnv,
  });
  const bff = await startBff(env, {
    inMemory: true,
    log: pino({ level: 'silent' }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.manualNotifications ? { manualNotifications: true } : {}),
  });
  let server: ServerType | undefined;
  let baseUrl: string | undefined;
  return {
    bff,
    request: async (path, init) => bff.app.request(path, init),
    listen: async () => {
      if (baseUrl) return baseUrl;
      const started = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: bff.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      server = started;
      baseUrl = `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
      return baseUrl;
    },
    close: async () => {
      if (server) {
        const s = server;
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        (s as { closeAllConnections?: () => void }).closeAllConnections?.();
        await closed;
      }
      await bff.close();
      await pgSchema?.drop();
    },
  };
}

/** A signed-in caller: cookie + CSRF header (session) or Bearer token. */
export class Caller {
  constructor(
    private readonly t: TestBff,
    readonly headers: Record<string, string>,
  ) {}

  static async signIn(t: TestBff, username: string, password: string): Promise<Caller> {
    const res = await t.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
    const me = (await res.json()) as { csrfToken: string };
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return new Caller(t, { cookie, 'x-csrf-token': me.csrfToken });
  }

  static bearer(t: TestBff, token: string): Caller {
    return new Caller(t, { authorization: `Bearer ${token}` });
  }

  req(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const init: RequestInit = {
      method,
      headers: { ...this.headers, ...withImpactAcknowledgement(method, path, body, headers) },
    };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    return this.t.request(`/api/v1${path}`, init);
  }

  async json<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    expected = 200,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const res = await this.req(method, path, body, headers);
    const text = await res.text();
    if (res.status !== expected)
      throw new Error(`${method} ${path}: expected ${expected}, got ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
