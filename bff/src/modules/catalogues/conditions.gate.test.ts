/**
 * The conditions of docs/decisions/080 end to end: catalogues imported through the API, rules
 * created through the API, reports uploaded, and the real gate over HTTPS deciding kubectl-made
 * Deployments. Each condition denies one image and allows its twin.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Environment, RegisteredCluster, RuleInputDraft } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsEnvironment, digestOf, ruleInput } from '../../testing/fixtures.js';
import {
  BffListener,
  kubectlDeployment,
  startGateProcess,
  waitFor,
  type GateProcess,
} from '../../testing/gate-process.js';
import { useSuite } from '../../testing/suite.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { EPSS_CSV, KEV_JSON } from './catalogue-fixtures.js';

const kinds = await storesUnderTest();
const DAY = 24 * 60 * 60 * 1000;

interface Finding {
  id: string;
  severity: string;
  fixed?: string;
}

/** A Trivy JSON report as `trivy image --format json` writes it, for `repo:tag`. */
function trivy(repo: string, tag: string, findings: Finding[], createdAt: string) {
  return {
    SchemaVersion: 2,
    CreatedAt: createdAt,
    ArtifactName: `${repo}:${tag}`,
    ArtifactType: 'container_image',
    Metadata: {
      RepoTags: [`${repo}:${tag}`],
      RepoDigests: [`${repo}@${digestOf(`${repo}:${tag}`)}`],
    },
    Results: [
      {
        Target: `${repo}:${tag} (debian 12.5)`,
        Class: 'os-pkgs',
        Type: 'debian',
        Vulnerabilities: findings.map((f) => ({
          VulnerabilityID: f.id,
          PkgName: 'libexample',
          InstalledVersion: '1.2.0',
          ...(f.fixed ? { FixedVersion: f.fixed } : {}),
          Severity: f.severity,
        })),
      },
    ],
  };
}

describe.each(kinds)('rule conditions through the BFF and the HTTPS gate on %s', (kind) => {
  const s = useSuite(kind);
  let listener: BffListener;
  let gate: GateProcess;
  let dir: string;
  const repo = `shopacr.azurecr.io/cond-${kind}`;

  const rule = (name: string, conditions: RuleInputDraft['conditions'], env: Environment) =>
    ruleInput(`${name} ${kind}`, {
      scope: {
        name,
        cloudScopes: [env.id],
        resourceConditions: [{ kind: 'Namespace', match: 'Equals', value: name }],
      },
      conditions,
    });

  beforeAll(async () => {
    listener = await new BffListener(s.t.bff).up();
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment(`cond-${kind}`),
      201,
    );
    const reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: `cond-${kind}` },
      201,
    );
    await s.admin.json('PUT', '/catalogues/kev', KEV_JSON);
    await s.admin.json('PUT', '/catalogues/epss', EPSS_CSV, 200, { 'content-type': 'text/csv' });
    const now = Date.now();
    const fresh = new Date(now - DAY).toISOString();
    const reports = [
      trivy(repo + '/fixable', 'unfixed', [{ id: 'CVE-2024-1111', severity: 'HIGH' }], fresh),
      trivy(
        repo + '/fixable',
        'fixed',
        [{ id: 'CVE-2024-2222', severity: 'HIGH', fixed: '1.2.3' }],
        fresh,
      ),
      trivy(repo + '/kev', 'listed', [{ id: 'CVE-2025-0108', severity: 'MEDIUM' }], fresh),
      trivy(repo + '/kev', 'unlisted', [{ id: 'CVE-2024-3094', severity: 'CRITICAL' }], fresh),
      trivy(
        repo + '/epss',
        'likely',
        [{ id: 'CVE-2021-44228', severity: 'LOW', fixed: '2.15.0' }],
        fresh,
      ),
      trivy(repo + '/epss', 'unlikely', [{ id: 'CVE-1999-0001', severity: 'CRITICAL' }], fresh),
      trivy(repo + '/age', 'old', [], new Date(now - 40 * DAY).toISOString()),
      trivy(repo + '/age', 'new', [], fresh),
    ];
    for (const r of reports) await s.admin.json('POST', '/findings', r, 201);
    for (const r of [
      rule(
        'fixable',
        { severityThresholds: [{ severity: 'High', maxAllowed: 0, fixableOnly: true }] },
        env,
      ),
      rule('kev', { knownExploited: true }, env),
      rule('epss', { epssAtLeast: 0.5 }, env),
      rule('age', { maxReportAgeDays: 30 }, env),
    ])
      await s.admin.json('POST', '/rules', r, 201);
    dir = mkdtempSync(path.join(tmpdir(), 'gate-cond-'));
    gate = await startGateProcess({
      GATE_CONTROL_PLANE_URL: listener.url,
      GATE_CLUSTER_TOKEN: reg.gateToken,
      GATED_DATA_DIR: dir,
    });
  }, 120_000);
  afterAll(async () => {
    await gate?.stop('SIGKILL');
    await listener?.down();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function review(ns: string, image: string) {
    return gate.review(
      kubectlDeployment(`${ns}-${image.replace(/[^a-z0-9]/g, '-')}`, `${repo}/${ns}:${image}`, ns),
    );
  }

  it.each([
    [
      'fixable',
      'fixed',
      'unfixed',
      /1 fixable finding at High or higher > 0 allowed.*CVE-2024-2222 \(High, libexample 1\.2\.0, fix available: 1\.2\.3\)/,
    ],
    [
      'kev',
      'listed',
      'unlisted',
      /known exploited \(CISA KEV 2025\.02\.25\): CVE-2025-0108.*no fix yet, known exploited \(CISA KEV\)/,
    ],
    ['epss', 'likely', 'unlikely', /CVE-2021-44228 EPSS 0\.94 ≥ 0\.5/],
    [
      'age',
      'old',
      'new',
      /findings report scanned \d{4}-\d{2}-\d{2} \(40 days ago\), older than the 30 allowed: treated as no report/,
    ],
  ])('%s: %s is denied saying why, %s is allowed', async (ns, denied, allowed, message) => {
    await waitFor('the gate to have the policy', async () => !(await review(ns, denied)).allowed);
    const answer = await review(ns, denied);
    expect(answer.allowed).toBe(false);
    expect(answer.status?.message).toContain(`Denied by security rule "${ns} ${kind}"`);
    expect(answer.status?.message).toMatch(message);
    expect((await review(ns, allowed)).allowed).toBe(true);
  });
});
