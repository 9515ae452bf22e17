/**
 * The real gate process against this BFF over loopback (HTTPS to the gate, HTTP to the BFF), on
 * both stores: no admission event is lost in a burst of large events or across a gate restart
 * during an outage, and a gate restarted while the control plane is down still denies what it
 * denied before.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  AdmissionEvent,
  AdmissionListItem,
  Environment,
  RegisteredCluster,
} from '@gated/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awsEnvironment, ruleInput, trivyReport } from '../../testing/fixtures.js';
import {
  BffListener,
  kubectlDeployment,
  startGateProcess,
  waitFor,
  type GateProcess,
} from '../../testing/gate-process.js';
import { useSuite } from '../../testing/suite.js';
import { storesUnderTest } from '../../testing/test-stores.js';

const kinds = await storesUnderTest();

/** Pod template labels worth ~20 KB of event (each within Kubernetes' 63-character value limit). */
function bigLabels(): Record<string, string> {
  const labels: Record<string, string> = {};
  for (let i = 0; i < 200; i++) labels[`example.com/label-${i}`] = `v${i}-${'x'.repeat(60)}`;
  return labels;
}

function withTemplateLabels(
  deployment: Record<string, unknown>,
  labels: Record<string, string>,
): Record<string, unknown> {
  const copy = structuredClone(deployment) as {
    spec: { template: { metadata: { labels: Record<string, string> } } };
  };
  Object.assign(copy.spec.template.metadata.labels, labels);
  return copy;
}

function renamed(deployment: Record<string, unknown>, name: string): Record<string, unknown> {
  const copy = structuredClone(deployment) as { metadata: { name: string } };
  copy.metadata.name = name;
  return copy;
}

describe.each(kinds)('the real gate against the BFF on %s', (kind) => {
  const s = useSuite(kind);
  let listener: BffListener;
  let env: Environment;
  let dirs: string[] = [];
  const gates: GateProcess[] = [];

  beforeAll(async () => {
    listener = await new BffListener(s.t.bff).up();
    env = await s.admin.json<Environment>('POST', '/environments', awsEnvironment('gate-e2e'), 201);
  });
  afterEach(async () => {
    for (const g of gates.splice(0)) await g.stop('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
    if (!(await fetch(`${listener.url}/api/v1/health`).catch(() => null))) await listener.up();
  });
  afterAll(async () => {
    await listener.down();
  });

  async function registerCluster(name: string): Promise<RegisteredCluster> {
    return s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name },
      201,
    );
  }

  async function gate(reg: RegisteredCluster, dataDir: string, extra: Record<string, string> = {}) {
    const g = await startGateProcess({
      GATE_CONTROL_PLANE_URL: listener.url,
      GATE_CLUSTER_TOKEN: reg.gateToken,
      GATED_DATA_DIR: dataDir,
      ...extra,
    });
    gates.push(g);
    return g;
  }

  function dataDir(): string {
    const d = mkdtempSync(path.join(tmpdir(), 'gate-data-'));
    dirs.push(d);
    return d;
  }

  /** Every stored admission of a cluster (all pages). */
  async function admissionsOf(clusterId: string): Promise<AdmissionListItem[]> {
    const items: AdmissionListItem[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AdmissionListItem[]; nextCursor: string | null } = await s.reader.json(
        'GET',
        `/admissions?cluster=${clusterId}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  it('a burst of 200 admissions with ~20 KB events all reach monitoring with the right counts', async () => {
    const reg = await registerCluster(`burst-${kind}`);
    const g = await gate(reg, dataDir());
    const base = withTemplateLabels(
      kubectlDeployment('burst', 'shopacr.azurecr.io/burst/web:1.0.0', 'burst'),
      bigLabels(),
    );
    // 150 different workloads, and one workload admitted 50 times (those fold into one event).
    const objects = [
      ...Array.from({ length: 150 }, (_, i) => renamed(base, `burst-${i}`)),
      ...Array.from({ length: 50 }, () => renamed(base, 'burst-repeated')),
    ];
    // The burst lands while the BFF is briefly away, so every event waits and goes out in the
    // largest batches the gate makes (a 100-event batch of these is ~2 MB, twice the BFF's limit).
    await listener.down();
    for (let i = 0; i < objects.length; i += 25)
      await Promise.all(objects.slice(i, i + 25).map((o) => g.review(o)));
    await listener.up();

    await waitFor(
      'all 200 admissions in monitoring',
      async () => (await admissionsOf(reg.cluster.id)).reduce((n, e) => n + e.count, 0) === 200,
      60_000,
    );
    const stored = await admissionsOf(reg.cluster.id);
    expect(new Set(stored.map((e) => e.name)).size).toBe(151);
    expect(stored.filter((e) => e.name === 'burst-repeated').reduce((n, e) => n + e.count, 0)).toBe(
      50,
    );
    const one = await s.reader.json<AdmissionEvent>('GET', `/admissions/${stored[0]?.id}`);
    expect(JSON.stringify(one).length).toBeGreaterThan(15_000);
    expect(await g.metrics()).toMatch(/gated_event_drops_total\{reason="too_large"\} 0/);
  }, 120_000);

  it('a gate crashed and restarted while the BFF is down keeps its queued events and delivers them', async () => {
    const reg = await registerCluster(`outage-${kind}`);
    const dir = dataDir();
    const first = await gate(reg, dir);
    await listener.down();
    const base = kubectlDeployment('outage', 'shopacr.azurecr.io/outage/web:1.0.0', 'outage');
    for (let i = 0; i < 40; i++) await first.review(renamed(base, `during-outage-${i}`));
    // Wait until the journal holds all 40, then crash (no shutdown hook runs on SIGKILL).
    const journal = path.join(dir, 'events');
    await waitFor('40 events in the journal', () =>
      readdirSync(journal).some(
        (f) => readFileSync(path.join(journal, f), 'utf8').split('during-outage-').length - 1 >= 40,
      ),
    );
    await first.stop('SIGKILL');

    const second = await gate(reg, dir);
    expect((await second.readyz()).body).toMatchObject({ status: 'ready', source: 'disk' });
    await listener.up();
    await waitFor(
      'the 40 events of the outage in monitoring',
      async () => (await admissionsOf(reg.cluster.id)).length === 40,
      60_000,
    );
    const names = (await admissionsOf(reg.cluster.id)).map((e) => e.name).sort();
    expect(names).toEqual(Array.from({ length: 40 }, (_, i) => `during-outage-${i}`).sort());
  }, 120_000);

  it('a gate restarted with the BFF down still denies a tag-referenced image with a Critical finding', async () => {
    const reg = await registerCluster(`deny-${kind}`);
    const repo = `shopacr.azurecr.io/restart-${kind}/orders`;
    await s.admin.json(
      'POST',
      '/findings',
      trivyReport(repo, '2.0.0', [{ id: 'CVE-2024-3094', severity: 'CRITICAL' }]),
      201,
    );
    await s.admin.json(
      'POST',
      '/rules',
      ruleInput(`deny critical on restart ${kind}`, {
        scope: {
          name: 'restart',
          resourceConditions: [{ kind: 'Namespace', match: 'Equals', value: `restart-${kind}` }],
        },
      }),
      201,
    );
    const dir = dataDir();
    const first = await gate(reg, dir);
    const deployment = kubectlDeployment('orders', `${repo}:2.0.0`, `restart-${kind}`);
    await waitFor(
      'the gate to deny the image',
      async () => !(await first.review(deployment)).allowed,
    );

    await listener.down();
    await first.stop('SIGTERM');
    const second = await gate(reg, dir);
    const answer = await second.review(renamed(deployment, 'orders-after-restart'));
    expect(answer.allowed).toBe(false);
    expect(answer.status?.message).toContain(`deny critical on restart ${kind}`);
    expect(answer.status?.message).toContain('CVE-2024-3094');
    // An image the gate never looked up: its findings are unavailable (the BFF is down), not "unscanned".
    await second.review(kubectlDeployment('never-seen', `${repo}-other:1.0.0`, `restart-${kind}`));
    await listener.up();
    await waitFor(
      'the restart events in monitoring',
      async () => (await admissionsOf(reg.cluster.id)).some((e) => e.name === 'never-seen'),
      60_000,
    );
    const neverSeen = (await admissionsOf(reg.cluster.id)).find((e) => e.name === 'never-seen');
    const event = await s.reader.json<AdmissionEvent>('GET', `/admissions/${neverSeen?.id}`);
    expect(event.trace.images[0]?.findingsStatus).toBe('unavailable');
  }, 120_000);
});
