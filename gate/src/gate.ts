/**
 * Composes one running gate from its configuration; main.ts calls it, and so do the HTTP-level
 * tests and the benchmark, so they exercise exactly what production runs.
 */
import path from 'node:path';
import type { AdmissionEvent } from '@gated/shared';
import type { Logger } from 'pino';
import type { ControlPlaneConfig } from './control-plane/client.js';
import type { GateEnv } from './env.js';
import { EventBatchLimit } from './events/batch-limit.js';
import { DurableEventQueue } from './events/durable-queue.js';
import type { EventRepeat } from './events/event.js';
import { EventReporter } from './events/reporter.js';
import { FindingsCache } from './findings/cache.js';
import { FindingsSnapshotter, loadFindingsSnapshot } from './findings/snapshot.js';
import { ControlPlaneFindingsSource } from './findings/control-plane.js';
import { registrySourceFromEnv } from './findings/registry-access.js';
import type { FindingsSource } from './findings/source.js';
import { LastGoodProblems } from './observability/last-good-problems.js';
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
  events: DurableEventQueue;
  reporter: EventReporter | null;
  lastGoodProblems: LastGoodProblems;
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
  let queueRef: DurableEventQueue | null = null;
  const metrics = createMetrics(
    {
      policyLoadedAt: () => policy.current?.loadedAt ?? null,
      queueDepth: () => queueRef?.size ?? 0,
      queueBytes: () => queueRef?.bytes ?? 0,
    },
    true,
  );
  const lastGoodProblems = new LastGoodProblems();
  const eventsLog = logger.child({ component: 'events' });
  // Only a gate with a control plane has events to keep; a standalone one logs its decisions.
  const events = await DurableEventQueue.open({
    dir: controlPlane ? path.join(env.GATED_DATA_DIR, 'events') : null,
    maxEvents: env.GATE_EVENT_QUEUE_SIZE,
    maxBytes: env.GATE_EVENT_QUEUE_BYTES,
    onDrop: (reason, n) => metrics.eventDrops.inc({ reason }, n),
    onJournalError: (e) => {
      metrics.eventJournalErrors.inc();
      eventsLog.error({ err: e.message }, 'event journal failed; events are kept in memory only');
    },
  });
  queueRef = events;
  if (events.size > 0)
    eventsLog.info({ queued: events.size }, 'events queued before the restart will be delivered');
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
    onHit: (kind) => metrics.countCache('hit', kind),
    onMiss: (kind) => metrics.countCache('miss', kind),
    onUnavailable: (n) => metrics.findingsUnavailable.inc(n),
    onError: (e) => findingsLog.warn({ err: (e as Error).message }, 'findings lookup failed'),
  });
  const snapshotBounds = {
    maxBytes: env.GATE_FINDINGS_SNAPSHOT_BYTES,
    maxAgeMs: env.GATE_FINDINGS_SNAPSHOT_MAX_AGE_S * 1000,
  };
  const snapshotter =
    controlPlane && env.GATE_FINDINGS_SNAPSHOT_BYTES > 0
      ? new FindingsSnapshotter(
          env.GATED_DATA_DIR,
          findings,
          snapshotBounds,
          env.GATE_FINDINGS_SNAPSHOT_S * 1000,
          (e) => findingsLog.warn({ err: e.message }, 'could not save the findings snapshot'),
        )
      : null;
  if (snapshotter) {
    try {
      const restored = await loadFindingsSnapshot(env.GATED_DATA_DIR, findings, snapshotBounds);
      if (restored) findingsLog.info(restored, 'findings restored from the last snapshot');
    } catch (e) {
      metrics.lastGoodErrors.inc({ file: 'findings' });
      lastGoodProblems.report('findings', (e as Error).message);
      findingsLog.error(
        { err: (e as Error).message },
        'the findings snapshot cannot be used; findings are unavailable until the control plane answers',
      );
    }
  }
  const batchLimit = new EventBatchLimit();

  const reporter = controlPlane
    ? new EventReporter({
        controlPlane,
        queue: events,
        limit: batchLimit,
        batchSize: env.GATE_EVENT_BATCH_SIZE,
        flushEveryMs: env.GATE_EVENT_FLUSH_MS,
        logger: eventsLog,
        selfReport: () =>
          Promise.resolve({ policyRevision: policy.revision, p99Ms: admissionP99Ms(metrics) }),
        onSent: (n) => metrics.eventsSent.inc(n),
        onFailure: () => metrics.eventSendFailures.inc(),
        ...(options.eventBackoffMs
          ? { minBackoffMs: options.eventBackoffMs.min, maxBackoffMs: options.eventBackoffMs.max }
          : {}),
      })
    : null;
  const decisionsLog = logger.child({ component: 'admission' });
  const logDecision = (e: Omit<EventRepeat, 'key' | 'time'>) => {
    if (e.decision === 'Deny' || e.decision === 'Audit') {
      decisionsLog.info(
        {
          eventId: e.id,
          decision: e.decision,
          namespace: e.namespace,
          kind: e.kind,
          name: e.name,
          rule: e.rule,
        },
        e.reason,
      );
    }
  };
  const enqueue = (event: AdmissionEvent) => {
    // Standalone gates have nowhere to send events: denials and audits go to the log instead.
    if (reporter) events.push(event);
    logDecision({
      id: event.id,
      decision: event.decision,
      namespace: event.namespace,
      kind: event.kind,
      name: event.name,
      rule: event.decidingRule?.name,
      reason: event.reason,
    });
  };
  // Standalone gates keep no queue to fold into: every decision takes the full path above.
  const foldRepeat = reporter
    ? (repeat: EventRepeat) => {
        if (!events.foldRepeat(repeat.key, repeat.id, repeat.time)) return false;
        logDecision(repeat);
        return true;
      }
    : undefined;

  const app = createGateApp({
    policy,
    findings,
    enqueue,
    ...(foldRepeat ? { foldRepeat } : {}),
    metrics,
    logger: decisionsLog,
    self: { namespace: env.GATE_NAMESPACE, serviceAccount: env.GATE_SERVICE_ACCOUNT },
    timeoutMs: env.GATE_TIMEOUT_MS,
    maxBodyBytes: env.GATE_MAX_BODY_BYTES,
    lastGoodProblems,
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
        onUnusableLastGood: (problem) => {
          metrics.lastGoodErrors.inc({ file: 'policy' });
          lastGoodProblems.report('policy', problem);
        },
        onLastGoodSaved: () => lastGoodProblems.clear('policy'),
        onResponse: (headers) => batchLimit.observe(headers),
      });
      await sync.start();
    }
  } catch (e) {
    await server.close();
    stopCertWatch();
    await events.close();
    throw e;
  }
  reporter?.start();
  snapshotter?.start();
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
    lastGoodProblems,
    async stop() {
      stopCertWatch();
      fileWatcher?.stop();
      const closing = server.close();
      await Promise.all([sync?.stop(), reporter?.stop(5000), snapshotter?.stop()]);
      // What the control plane did not take stays in the journal for the next start.
      await events.close();
      await closing;
    },
  };
}
