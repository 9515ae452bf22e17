/**
 * A dedicated PostgreSQL connection that LISTENs for policy changes committed by any replica sharing
 * the schema. Reconnects with backoff when the connection drops; `onLive(false)` tells the notifier to
 * fall back to polling the counter until `onLive(true)`. docs/decisions/062-policy-notify.md.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { POLICY_CHANNEL } from './policy-state.repo.js';

export interface PolicyChangeHandlers {
  /** A change to this schema's policies committed somewhere. */
  onChange(): void;
  /** The LISTEN connection came up (true) or went away (false). */
  onLive(live: boolean): void;
}

/** application_name of the listening connection: `gated-policy-listener <schema>` (tests find it by this). */
export const LISTENER_APPLICATION = 'gated-policy-listener';

export class PolicyChangeListener {
  private client: pg.Client | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  live = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly handlers: PolicyChangeHandlers,
    private readonly log?: Logger,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true });
    this.client = client;
    let failed = false;
    const fail = (reason: unknown) => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.log?.warn({ err: (reason as Error)?.message }, 'policy LISTEN connection lost');
      if (this.live) {
        this.live = false;
        this.handlers.onLive(false);
      }
      const delay = Math.min(250 * 2 ** this.attempt, 5000);
      this.attempt++;
      this.retryTimer = setTimeout(() => void this.connect(), delay);
      this.retryTimer.unref();
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('connection ended')));
    try {
      await client.connect();
      const rows = (
        await client.query<{ schema: string }>(
          `SELECT current_schema() AS schema, set_config('application_name', $1 || ' ' || current_schema(), false)`,
          [LISTENER_APPLICATION],
        )
      ).rows;
      const schema = rows[0]?.schema ?? 'public';
      client.on('notification', (m) => {
        if (m.channel === POLICY_CHANNEL && m.payload === schema) this.handlers.onChange();
      });
      await client.query(`LISTEN ${POLICY_CHANNEL}`);
      if (failed || this.closed) return;
      this.attempt = 0;
      this.live = true;
      this.handlers.onLive(true);
    } catch (e) {
      fail(e);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    this.live = false;
    await client?.end().catch(() => undefined);
  }
}
