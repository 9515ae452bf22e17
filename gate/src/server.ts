/**
 * The gate's HTTP surface, and the only place the admission chain is assembled.
 *
 * 1. Chain order (outermost first), each layer for a reason:
 *    withMetrics        — outermost, so every answer (skipped, excluded, decided) is counted and timed;
 *    withOperationFilter — DELETE/CONNECT never reach anything else;
 *    withSelfExclusion  — the gate's own namespace/service account are allowed before any policy work;
 *    withTimeout        — bounds only the evaluation (prefetch + engine), the part that can wait on I/O;
 *    evaluationHandler  — the hot path.
 * 2. Routes: POST /validate (AdmissionReview v1), GET /healthz, /readyz, /metrics.
 * 3. HTTPS: Hono on node:https via @hono/node-server; the secure context is swappable (cert reload).
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import {
  withMetrics,
  withOperationFilter,
  withSelfExclusion,
  withTimeout,
  type AdmissionHandler,
} from './admission/chain.js';
import { evaluationHandler, type EvaluationDeps } from './admission/evaluate.js';
import { decodeReview, encodeReview } from './admission/review.js';
import type { LastGoodProblems } from './observability/last-good-problems.js';
import type { GateMetrics } from './observability/metrics.js';
import type { KeyPair } from './tls/certificates.js';

export interface GateAppDeps extends EvaluationDeps {
  metrics: GateMetrics;
  logger: Logger;
  self: { namespace: string; serviceAccount: string };
  timeoutMs: number;
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

const MAX_BODY_BYTES = 3 * 1024 * 1024;

function problem(status: number, title: string, detail: string): Response {
  return new Response(
    JSON.stringify({
      type: 'about:blank',
      title,
      status,
      detail,
      code: status === 400 ? 'invalid_input' : 'internal',
    }),
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );
}

export function createGateApp(deps: GateAppDeps): Hono {
  const chain = buildAdmissionChain(deps);
  const app = new Hono();

  app.post('/validate', async (c) => {
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_BODY_BYTES)
      return problem(413, 'Payload too large', `At most ${MAX_BODY_BYTES} bytes`);
    const body = await c.req.text();
    const decoded = decodeReview(body);
    if (!decoded.ok) return problem(400, 'Bad AdmissionReview', decoded.error);
    const request = decoded.request;
    try {
      const result = await chain(request);
      if (result.after) setImmediate(result.after);
      return c.json(encodeReview(result.response));
    } catch (e) {
      deps.logger.error(
        { err: (e as Error).message, uid: request.uid },
        'admission failed; failurePolicy decides',
      );
      return problem(500, 'Admission failed', (e as Error).message);
    }
  });
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
    problem(404, 'Not found', 'Routes: POST /validate, GET /healthz, /readyz, /metrics'),
  );
  app.onError((e) => {
    deps.logger.error({ err: e.message }, 'unhandled error');
    return problem(500, 'Internal error', 'see the gate logs');
  });
  return app;
}

export interface RunningServer {
  server: Server;
  port: number;
  /** Swaps the certificate for new connections (rotation without restart). */
  setKeyPair(pair: KeyPair): void;
  close(): Promise<void>;
}

export function startHttpsServer(
  app: Hono,
  pair: KeyPair,
  port: number,
  hostname: string,
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch: app.fetch,
      port,
      hostname,
      createServer,
      serverOptions: { cert: pair.cert, key: pair.key },
    }) as Server;
    // The API server keeps connections alive; a timeout below its own keeps sockets from piling up.
    server.keepAliveTimeout = 30_000;
    // Small answers on long-lived connections: never let Nagle hold one back waiting for an ACK.
    server.on('secureConnection', (socket: TLSSocket) => socket.setNoDelay(true));
    server.once('error', reject);
    server.once('listening', () => {
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
