/**
 * One delivery attempt through the outbound guard (docs/decisions/060-outbound-guard.md): the
 * receiver's address is checked before connecting, internal and plain-HTTP receivers only when
 * listed in GATED_NOTIFY_ALLOWED_HOSTS, no redirects, a timeout, and the answer body discarded.
 */
import {
  NOTIFY_DELIVERY_HEADER,
  NOTIFY_EVENT_HEADER,
  NOTIFY_SIGNATURE_HEADER,
  NOTIFY_TIMESTAMP_HEADER,
  type NotificationEventType,
} from '@gated/shared';
import { guardedFetch, OutboundRefusedError } from '@gated/gate/registry';
import type { Logger } from 'pino';
import { signDelivery } from './notification-signature.js';
import type { NotifySettings } from './notification-settings.js';

export interface AttemptResult {
  ok: boolean;
  /** HTTP status when the receiver answered. */
  status: number | null;
  error: string | null;
  /** Worth trying again later (transport failure, 408, 429, 5xx). */
  retry: boolean;
  /** Seconds the receiver asked us to wait (Retry-After), when it did. */
  retryAfterSeconds: number | null;
}

export interface Outgoing {
  deliveryId: string;
  event: NotificationEventType;
  url: string;
  secret: string | null;
  body: string;
  nowMs: number;
}

export async function attemptDelivery(
  out: Outgoing,
  settings: NotifySettings,
  log: Logger,
): Promise<AttemptResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'gated-deployment-notifier/1',
    [NOTIFY_EVENT_HEADER]: out.event,
    [NOTIFY_DELIVERY_HEADER]: out.deliveryId,
  };
  if (out.secret) {
    const timestamp = Math.floor(out.nowMs / 1000);
    headers[NOTIFY_TIMESTAMP_HEADER] = String(timestamp);
    headers[NOTIFY_SIGNATURE_HEADER] = signDelivery(out.secret, timestamp, out.body);
  }
  let res: Response;
  try {
    res = await guardedFetch(
      out.url,
      { method: 'POST', headers, body: out.body, signal: AbortSignal.timeout(settings.timeoutMs) },
      {
        allowed: settings.allowedHosts,
        insecure: settings.allowedHosts,
        maxRedirects: 0,
      },
    );
  } catch (e) {
    if (e instanceof OutboundRefusedError)
      return { ok: false, status: null, error: e.message, retry: false, retryAfterSeconds: null };
    // Like the registry client: one message whatever the socket said, the cause only in the log.
    log.warn({ err: e, deliveryId: out.deliveryId }, 'notification receiver unreachable');
    return {
      ok: false,
      status: null,
      error: `${new URL(out.url).host}: receiver unreachable (connection failed or timed out)`,
      retry: true,
      retryAfterSeconds: null,
    };
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.ok)
    return { ok: true, status: res.status, error: null, retry: false, retryAfterSeconds: null };
  const retryAfter = Number(res.headers.get('retry-after'));
  return {
    ok: false,
    status: res.status,
    error: `The receiver answered HTTP ${res.status}`,
    retry: res.status === 408 || res.status === 429 || res.status >= 500,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  };
}
