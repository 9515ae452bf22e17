/**
 * Composes one running gate from its configuration; main.ts calls it, and so do the HTTP-level
 * tests and the benchmark, so they exercise exactly what production runs.
 */
import type { AdmissionEvent } from '@gated/shared';
import type { Logger } from 'pino';
import type { ControlPlaneConfig } from './control-plane/client.js';
import type { GateEnv } from './env.js';
import type { EventQueue } from './events/queue.js';
import { FoldingEventQueue } from './events/folding-queue.js';
import { EventReporter } from './events/reporter.js';
import { FindingsCache } from './findings/cache.js';
import { ControlPlaneFindingsSource } from './findings/control-plane.js';
import { registrySourceFromEnv } from './findings/registry-access.js';
import type { FindingsSource } from './findings/source.js';
import { createLogger } from './observability/logger.js';
import { admissionP99Ms, createMetrics, type GateMetrics } from './observability/metrics.js';
import { PolicyFileWatcher } from './policy/file.js';
import { PolicyStore } from './policy/store.js';
import { PolicySync } from './policy/sync.js';
import { createGateApp, startHttpsServer } from './server.js';
import { readKeyPair, selfSignedKeyPair, watchKeyPair } from './tls/certificates.js';

export interface StartOptions {
  policyFile?: string | undefined;
  /** Extra findings sources (the OCI registry client), asked alongside the control plane. */
  extraSources?: readonly FindingsSource[];
  logger?: Logger;
  /** Poll interval of the cert and policy files (tests shorten it). */
  filePollMs?: number;
  /** Event reporter backoff bounds (tests shorten them). */
  eventBackoffMs?: { min: number; max: number };
}

export interface RunningGate {
  url: string;
  port: number;
  logger: Logger;
  metrics: GateMetrics;
  policy: PolicyStore;
  findings: FindingsCache;
  events: EventQueue<AdmissionEvent>;
  reporter: EventReporter | null;
  /** Stops listening, stops syncing, flushes events (bounded), closes. */
  stop(): Promise<void>;
}

export async function startGate(env: GateEnv, options: StartOptions = {}): Promise<RunningGate> {
  const logger = options.logger ?? createLogger(env.GATE_LOG_LEVEL);
  const controlPlane: ControlPlaneConfig | null =
    env.GATE_CONTROL_PLANE_URL && env.GATE_CLUSTER_TOKEN
      ? { baseUrl: env.GATE_CONTROL_PLANE_URL, token: env.GATE_CLUSTER_TOKEN }
      : null;
  const policyFile = options.policyFile ?? env.GATE_POLICY_FILE;
  if (!controlPlane && !policyFile) {
    throw new Error(
      'Nothing to enforce: set GATE_CONTROL_PLANE_URL + GATE_CLUSTER_TOKEN, or GATE_POLICY_FILE / --policy-file. See --help.',
    );
  }

  const policy = new PolicyStore();
  let queueRef: EventQueue<AdmissionEvent> | null = null;
  const metrics = createMetrics(
    {
      policyLoadedAt: () => policy.current?.loadedAt ?? null,
      queueDepth: () => queueRef?.depth ?? 0,
    },
    true,
  );
  const events = new FoldingEventQueue(env.GATE_EVENT_QUEUE_SIZE, (n) => metrics.eventDrops.inc(n));
  queueRef = events;
  policy.onChange((p) => {
    metrics.policyInfo.reset();
    metrics.policyInfo.set({ revision: p.policy.revision, source: p.source }, 1);
  });

  const registry = registrySourceFromEnv(env, policy, logger.child({ component: 'registry' }));
  const sources: FindingsSource[] = [
    ...(controlPlane ? [new ControlPlaneFindingsSource(controlPlane)] : []),
    ...(registry ? [registry] : []),
    ...(options.extraSources ?? []),
  ];
  const findingsLog = logger.child({ component: 'findings' });
  const findings = new FindingsCache({
    sources,
    budgetMs: env.GATE_FINDINGS_BUDGET_MS,
    tagTtlMs: env.GATE_FINDINGS_TAG_TTL_S * 1000,
    reportTtlMs: env.GATE_FINDINGS_TTL_S * 1000,
    maxEntries: env.GATE_FINDINGS_CACHE_SIZE,
    onHit: (kind) => metrics.cacheHits.inc({ kind }),
    onMiss: (kind) => metrics.cacheMisses.inc({ kind }),
    onUnavailable: (n) => metrics.findingsUnavailable.inc(n),
    onError: (e) => findingsLog.warn({ err: (e as Error).message }, 'findings lookup failed'),
  });

  const reporter = controlPlane
    ? new EventReporter({
        controlPlane,
        queue: events,
        batchSize: env.GATE_EVENT_BATCH_SIZE,
        flushEveryMs: env.GATE_EVENT_FLUSH_MS,
        logger: logger.child({ component: 'events' }),
        selfReport: () =>
          Promise.resolve({ policyRevision: policy.revision, p99Ms: admissionP99Ms(metrics) }),
        onSent: (n) => metrics.eventsSent.inc(n),
        onFailure: () => metrics.eventSendFailures.inc(),
        onRejected: (n) => metrics.eventDrops.inc(n),
        ...(options.eventBackoffMs
          ? { minBackoffMs: options.eventBackoffMs.min, maxBackoffMs: options.eventBackoffMs.max }
          : {}),
      })
    : null;
  const decisionsLog = logger.child({ component: 'admission' });
  const enqueue = (event: AdmissionEvent) => {
    // Standalone gates have nowhere to send events: denials and audits go to the log instead.
    if (reporter) events.push(event);
    if (event.decision === 'Deny' || event.decision === 'Audit') {
      decisionsLog.info(
        {
          eventId: event.id,
          decision: event.decision,
          namespace: event.namespace,
          kind: event.kind,
          name: event.name,
          rule: event.decidingRule?.name,
        },
        event.reason,
      );
    }
  };

  const app = createGateApp({
    policy,
    findings,
    enqueue,
    metrics,
    logger: decisionsLog,
    self: { namespace: env.GATE_NAMESPACE, serviceAccount: env.GATE_SERVICE_ACCOUNT },
    timeoutMs: env.GATE_TIMEOUT_MS,
  });

  let stopCertWatch = () => undefined as void;
  let keyPair;
  if (env.GATE_TLS_CERT && env.GATE_TLS_KEY) {
    keyPair = await readKeyPair(env.GATE_TLS_CERT, env.GATE_TLS_KEY);
  } else {
    keyPair = await selfSignedKeyPair();
    logger.warn(
      'GATE_TLS_CERT/GATE_TLS_KEY not set: serving a self-signed certificate (local use only)',
    );
  }
  const server = await startHttpsServer(app, keyPair, env.GATE_PORT, env.GATE_HOST);
  if (env.GATE_TLS_CERT && env.GATE_TLS_KEY) {
    stopCertWatch = watchKeyPair(
      env.GATE_TLS_CERT,
      env.GATE_TLS_KEY,
      (pair) => {
        server.setKeyPair(pair);
        logger.info('TLS certificate reloaded');
      },
      (e) =>
        logger.warn(
          { err: e.message },
          'TLS files changed but do not load yet; keeping the current certificate',
        ),
      options.filePollMs,
    );
  }

  let fileWatcher: PolicyFileWatcher | null = null;
  let sync: PolicySync | null = null;
  try {
    if (policyFile) {
      fileWatcher = new PolicyFileWatcher(
        policyFile,
        { clusterName: env.GATE_CLUSTER_NAME, environmentId: env.GATE_ENVIRONMENT_ID },
        policy,
        logger.child({ component: 'policy' }),
        options.filePollMs,
      );
      await fileWatcher.start();
    } else if (controlPlane) {
      sync = new PolicySync({
        controlPlane,
        store: policy,
        dataDir: env.GATED_DATA_DIR,
        waitSeconds: env.GATE_POLICY_WAIT_S,
        logger: logger.child({ component: 'policy' }),
      });
      await sync.start();
    }
  } catch (e) {
    await server.close();
    stopCertWatch();
    throw e;
  }
  reporter?.start();
  const url = `https://127.0.0.1:${server.port}`;
  logger.info(
    {
      url,
      controlPlane: controlPlane?.baseUrl ?? null,
      policyFile: policyFile ?? null,
      sources: sources.map((s) => s.name),
    },
    'gate listening',
  );

  return {
    url,
    port: server.port,
    logger,
    metrics,
    policy,
    findings,
    events,
    reporter,
    async stop() {
      stopCertWatch();
      fileWatcher?.stop();
      const closing = server.close();
      await Promise.all([sync?.stop(), reporter?.stop(5000)]);
      await closing;
    },
  };
}
