/**
 * deploy/monitoring: promtool accepts the alert rules and their unit tests pass; the gate's real
 * /metrics output passes `promtool check metrics` (whatever names this build of the gate prints);
 * the dashboard and the rules use only the metric names the gate and the control plane publish.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatRuleExport } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admissionReview, generateWorkload } from '../fixtures/kube.js';
import { startNode, waitUntil, type RunningProcess } from '../support/child-process.js';
import { freePort } from '../support/free-port.js';
import { gateRequest } from '../support/gate-client.js';
import { REPO_ROOT } from '../support/services.js';

const MONITORING = path.join(REPO_ROOT, 'deploy/monitoring');

/** The gate's metric names (gate/src/observability/metrics.ts) and the control plane's (bff/src/modules/observability). */
const GATE_METRICS = [
  'gated_admission_duration_seconds',
  'gated_admission_decisions_total',
  'gated_findings_cache_hits_total',
  'gated_findings_cache_misses_total',
  'gated_findings_unavailable_total',
  'gated_policy_info',
  'gated_policy_age_seconds',
  'gated_event_queue_depth',
  'gated_event_drops_total',
  'gated_events_sent_total',
  'gated_event_send_failures_total',
];
const BFF_METRICS = [
  'gated_bff_http_request_duration_seconds',
  'gated_bff_events_ingested_total',
  'gated_bff_event_ingest_lag_seconds',
  'gated_bff_store_bytes',
  'gated_bff_login_failures_total',
];

/** Metric names an expression uses (histogram suffixes folded into their family). */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b(gated_[a-z_]+)/g)].map((m) =>
    (m[1] ?? '').replace(/_(bucket|sum|count)$/, ''),
  );
}

const promtool = (args: string[], input?: string) =>
  execFileSync('promtool', args, {
    cwd: MONITORING,
    encoding: 'utf8',
    ...(input ? { input } : {}),
  });

describe('alert rules and dashboard', () => {
  it('promtool check rules and promtool test rules pass', () => {
    expect(promtool(['check', 'rules', 'alerts.yaml'])).toContain('SUCCESS: 6 rules found');
    expect(promtool(['test', 'rules', 'alerts.test.yaml'])).toContain('SUCCESS');
  });

  it('rules and dashboard name only published metrics, and cover gate down, p99, drops, stale policy', () => {
    const known = new Set([...GATE_METRICS, ...BFF_METRICS]);
    const rules = readFileSync(path.join(MONITORING, 'alerts.yaml'), 'utf8');
    const dashboard = JSON.parse(
      readFileSync(path.join(MONITORING, 'grafana-dashboard.json'), 'utf8'),
    ) as {
      panels: { targets: { expr: string }[] }[];
    };
    const used = [
      ...metricNames(rules),
      ...dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr))),
    ];
    expect(used.filter((n) => !known.has(n))).toEqual([]);
    for (const alert of [
      'GatedGateDown',
      'GatedAdmissionLatencyHigh',
      'GatedEventsDropped',
      'GatedPolicyStale',
    ])
      expect(rules).toContain(`alert: ${alert}`);
    expect(new Set(used)).toEqual(known);
  });
});

describe("the gate's /metrics", () => {
  const work = mkdtempSync(path.join(tmpdir(), 'gated-gate-metrics-'));
  let gate: RunningProcess;
  let url = '';
  beforeAll(async () => {
    const policy = path.join(work, 'policy.yaml');
    writeFileSync(policy, formatRuleExport([]));
    const port = await freePort();
    url = `https://127.0.0.1:${port}`;
    gate = startNode({
      name: 'gate',
      script: path.join(REPO_ROOT, 'gate/dist/main.js'),
      cwd: path.join(REPO_ROOT, 'gate'),
      env: {
        PATH: process.env.PATH,
        GATE_PORT: String(port),
        GATE_HOST: '127.0.0.1',
        GATED_DATA_DIR: path.join(work, 'data'),
        GATE_POLICY_FILE: policy,
      },
      logFile: path.join(work, 'gate.log'),
    });
    await waitUntil(
      'the gate',
      async () => (await gateRequest(url, '/readyz')).status === 200,
      gate,
      60_000,
    );
  });
  afterAll(async () => {
    await gate?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('passes promtool check metrics', async () => {
    const review = admissionReview(
      generateWorkload({
        kind: 'Pod',
        name: 'probe',
        namespace: 'default',
        image: 'registry.example/app:1',
      }),
    );
    expect((await gateRequest(url, '/validate', review)).status).toBe(200);
    const res = await gateRequest(url, '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/admission_duration_seconds_bucket/);
    // promtool exits 1 on parse errors and on lint findings; it prints both. The format must parse,
    // and no finding may concern the gate's own metrics. prom-client's default nodejs_active_*_total
    // gauges draw a lint finding that is prom-client's naming, not ours.
    let output = '';
    try {
      output = promtool(['check', 'metrics'], res.text);
    } catch (e) {
      output =
        String((e as { stdout?: string }).stdout ?? '') +
        String((e as { stderr?: string }).stderr ?? '');
    }
    const findings = output.split('\n').filter((l) => l.trim() !== '');
    expect(findings.filter((l) => /error while|parse|unexpected/i.test(l))).toEqual([]);
    expect(
      findings.filter(
        (l) =>
          !/^nodejs_active_\w+_total non-counter metrics should not have "_total" suffix$/.test(l),
      ),
    ).toEqual([]);
  });
});
