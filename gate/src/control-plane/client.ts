/**
 * The one way the gate talks to the BFF's `/api/v1/gate/*` routes: cluster token as Bearer,
 * `X-Gate-Version`, and a deadline on every call (a hung control plane must never hold anything).
 */
import { GATE_VERSION } from '../version.js';

export interface ControlPlaneConfig {
  /** BFF base URL, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  token: string;
}

/** Raised for any non-2xx/304 answer; `status` 0 = network error or timeout. */
export class ControlPlaneError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ControlPlaneError';
  }
}

/** `${baseUrl}/api/v1/gate/${path}`. */
export function gateApiUrl(config: ControlPlaneConfig, path: string): string {
  return `${config.baseUrl.replace(/\/+$/, '')}/api/v1/gate/${path}`;
}

/** `fetch` to `${baseUrl}/api/v1/gate/${path}` with auth headers and a timeout (ms). */
export async function controlPlaneFetch(
  config: ControlPlaneConfig,
  path: string,
  init: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    timeoutMs: number;
    signal?: AbortSignal;
  },
): Promise<Response> {
  const url = gateApiUrl(config, path);
  const signals = [AbortSignal.timeout(init.timeoutMs), ...(init.signal ? [init.signal] : [])];
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${config.token}`,
        'x-gate-version': GATE_VERSION,
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.any(signals),
    });
    if (res.status >= 400) {
      const text = await res.text().catch(() => '');
      throw new ControlPlaneError(
        `${init.method ?? 'GET'} ${path} answered ${res.status}: ${text.slice(0, 300)}`,
        res.status,
      );
    }
    return res;
  } catch (e) {
    if (e instanceof ControlPlaneError) throw e;
    throw new ControlPlaneError(
      `${init.method ?? 'GET'} ${path} failed: ${(e as Error).message}`,
      0,
    );
  }
}
