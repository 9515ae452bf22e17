/**
 * The gate's HTTP surface, and the only place the admission chain is assembled.
 *
 * 1. Chain order (outermost first), each layer for a reason:
 *    withMetrics        — outermost, so every answer (skipped, excluded, decided) is counted and timed;
 *    withOperationFilter — DELETE/CONNECT never reach anything else;
 *    withSelfExclusion  — the gate's own namespace/service account are allowed before any policy work;
 *    withTimeout        — bounds only the evaluation (prefetch + engine), the part that can wait on I/O;
 *    evaluationHandler  — the hot path.
 * 2. Routes: POST /validate (AdmissionReview v1) on `node:https` directly (validate-route.ts: one
 *    buffer, no Web Request/Response); GET /healthz, /readyz, /metrics and the 404 through Hono.
 * 3. Every route reads at most MAX_BODY_BYTES of a body, whatever its framing; errors are the
 *    shared problem model (problem-answer.ts).
 * 4. HTTPS: node:https; the secure context is swappable (cert reload).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { ERROR_STATUS, PROBLEM_CONTENT_TYPE, type ErrorCode } from '@gated/shared';
import {
  withMetrics,
  withOperationFilter,
  withSelfExclusion,
  withTimeout,
  type AdmissionHandler,
} from './admission/chain.js';
import { evaluationHandler, type EvaluationDeps } from './admission/evaluate.js';
import { problemText } from './admission/problem-answer.js';
import { discardBoundedBody, MAX_BODY_BYTES, validateRoute } from './admission/validate-route.js';
import type { LastGoodProblems } from './observability/last-good-problems.js';
import type { GateMetrics } from './observability/metrics.js';
import type { KeyPair } from './tls/certificates.js';

export { MAX_BODY_BYTES };

export interface GateAppDeps extends EvaluationDeps {
  metrics: GateMetrics;
  logger: Logger;
  self: { namespace: string; serviceAccount: string };
  timeoutMs: number;
  /** Largest body any route reads (bytes); beyond it: 413 and the connection is closed. */
  maxBodyBytes?: number;
  /** Last-good files that could not be used: shown by /readyz. */
  lastGoodProblems?: LastGoodProblems;
}

/** The chain, in the order documented above. */
export function buildAdmissionChain(deps: GateAppDeps): AdmissionHandler {
  return withMetrics(deps.metrics)(
    withOperationFilter(
      withSelfExclusion(deps.self)(withTimeout(deps.timeoutMs)(evaluationHandler(deps))),
    ),
  );
}

/** A `node:http` request listener serving every route of the gate. */
export interface GateApp {
  handle: (req: IncomingMessage, res: ServerResponse) => void;
}

function problemResponse(code: ErrorCode, detail: string): Response {
  return new Response(problemText(code, detail), {
    status: ERROR_STATUS[code],
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
  });
}

/** The routes that are not on the hot path: small, rare, through Hono. */
function controlRoutes(deps: GateAppDeps): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const active = deps.policy.current;
    const problems = deps.lastGoodProblems?.list() ?? [];
    const lastGood = problems.length > 0 ? { lastGoodProblems: problems } : {};
    return active
      ? c.json({
          status: 'ready',
          policyRevision: active.policy.revision,
          source: active.source,
          ...lastGood,
        })
      : c.json({ status: 'waiting for a policy', ...lastGood }, 503);
  });
  app.get('/metrics', async (c) =>
    c.body(await deps.metrics.registry.metrics(), 200, {
      'content-type': deps.metrics.registry.contentType,
    }),
  );
  app.notFound(() =>
    problemResponse('NOT_FOUND', 'Routes: POST /validate, GET /healthz, /readyz, /metrics'),
  );
  app.onError((e) => {
    deps.logger.error({ err: e.message }, 'unhandled error');
    return problemResponse('INTERNAL', 'see the gate logs');
  });
  return app;
}

/** True for `POST /validate`, with or without the `?timeout=…` the API server appends. */
function isValidate(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return (
    req.method === 'POST' &&
    url.startsWith('/validate') &&
    (url.length === 9 || url.charCodeAt(9) === 0x3f) // '?'
  );
}

export function createGateApp(deps: GateAppDeps): GateApp {
  const limit = deps.maxBodyBytes ?? MAX_BODY_BYTES;
  const validate = validateRoute(buildAdmissionChain(deps), deps.logger, limit);
  const others = getRequestListener(controlRoutes(deps).fetch);
  return {
    handle: (req, res) => {
      if (isValidate(req)) validate(req, res);
      else discardBoundedBody(req, res, limit, () => void others(req, res));
    },
  };
}

export interface RunningServer {
  server: Server;
  port: number;
  /** Swaps the certificate for new connections (rotation without restart). */
  setKeyPair(pair: KeyPair): void;
  close(): Promise<void>;
}

export function startHttpsServer(
  app: GateApp,
  pair: KeyPair,
  port: number,
  hostname: string,
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = createServer({ cert: pair.cert, key: pair.key }, app.handle);
    // The API server keeps connections alive; a timeout below its own keeps sockets from piling up.
    server.keepAliveTimeout = 30_000;
    // A client that sends headers or a body slower than any webhook timeout (30 s at most) is cut
    // off instead of holding a socket and its buffer.
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    // Small answers on long-lived connections: never let Nagle hold one back waiting for an ACK.
    server.on('secureConnection', (socket: TLSSocket) => socket.setNoDelay(true));
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        setKeyPair: (p) => server.setSecureContext({ cert: p.cert, key: p.key }),
        close: () =>
          new Promise<void>((done) => {
            // In-flight admissions finish; idle keep-alive sockets close now, stragglers after 2 s.
            const force = setTimeout(() => server.closeAllConnections(), 2000);
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
