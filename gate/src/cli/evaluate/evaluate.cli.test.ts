/**
 * `gated-gate evaluate` as a pipeline runs it: the built CLI (tsc output of src/, started with node)
 * as a child process, on manifests kubectl makes (`kubectl create … --dry-run=client -o yaml`) and
 * on report files from shared/src/findings/fixtures/real, compared answer for answer with a real
 * gate (startGate over HTTPS) given the same policy and the same reports through its control plane.
 * One file on purpose (past the 300-line soft limit): every test shares the one CLI build (~30 s of
 * tsc) and the one running gate, which a split would pay for twice; fixtures in
 * evaluate.cli.fixtures.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AdmissionReviewResponseSchema,
  parseReportBytes,
  type AdmissionResponse,
  type GatePolicy,
} from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALPINE_TRIVY,
  cliRunner,
  comparable,
  IDENTITY,
  jsonResults,
  type JsonResult,
  kubectl,
  NOW,
  policyText,
  realText,
  REGISTRY_TRIVY,
} from './evaluate.cli.fixtures.js';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { admissionReview } from '../../../testdata/k8s/admission-review.js';
import { readEnv } from '../../env.js';
import { startGate, type RunningGate } from '../../gate.js';
import { policyFromRuleExport } from '../../policy/file.js';
import { FakeControlPlane } from '../../testing/fake-control-plane.js';
import { eventually, httpsRequest } from '../../testing/https-client.js';

const GATE_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const CLI_OUT = path.join(GATE_DIR, '.cache', 'evaluate-cli-test');
const CLI = path.join(CLI_OUT, 'main.js');
const K8S = fileURLToPath(new URL('../../../testdata/k8s/', import.meta.url));
let dir: string;
let runCli: ReturnType<typeof cliRunner>;
let cp: FakeControlPlane;
let gate: RunningGate;

async function gateAnswer(object: Record<string, unknown>): Promise<AdmissionResponse> {
  const res = await httpsRequest(`${gate.url}/validate`, {
    method: 'POST',
    body: JSON.stringify(admissionReview(object)),
  });
  expect(res.status).toBe(200);
  return AdmissionReviewResponseSchema.parse(res.json()).response;
}

async function publish(policy: GatePolicy): Promise<void> {
  cp.setPolicy(policy);
  await eventually('the gate on the new policy', async () => {
    const ready = (await httpsRequest(`${gate.url}/readyz`)).json<{ policyRevision?: string }>();
    return ready.policyRevision === policy.revision;
  });
}

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return name;
};

beforeAll(async () => {
  // The CLI as shipped: the package's build config, compiled to a folder of its own.
  execFileSync(process.execPath, [
    path.join(GATE_DIR, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    path.join(GATE_DIR, 'tsconfig.build.json'),
    '--outDir',
    CLI_OUT,
  ]);
  dir = mkdtempSync(path.join(tmpdir(), 'gated-evaluate-'));
  runCli = cliRunner(CLI, dir, process.env.PATH ?? '');
  write('policy.yaml', policyText());
  write('policy-exempt.yaml', policyText(true));
  write('reports/alpine.trivy.json', ALPINE_TRIVY);
  write('reports/registry.trivy.json', REGISTRY_TRIVY);

  cp = await new FakeControlPlane().start();
  for (const text of [ALPINE_TRIVY, REGISTRY_TRIVY]) {
    const parsed = parseReportBytes(text, { source: 'upload', now: NOW });
    if (parsed.kind !== 'findings') throw new Error('expected findings');
    for (const r of parsed.reports) {
      cp.reports.set(r.digest, r);
      for (const t of r.tags) cp.tags.set(t, r.digest);
    }
  }
  gate = await startGate(
    readEnv({
      GATE_PORT: '0',
      GATE_HOST: '127.0.0.1',
      GATE_CONTROL_PLANE_URL: cp.url,
      GATE_CLUSTER_TOKEN: cp.token,
      GATED_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gated-evaluate-gate-')),
      GATE_LOG_LEVEL: 'silent',
      GATE_POLICY_WAIT_S: '1',
    }),
  );
  await publish(policyFromRuleExport(policyText(), IDENTITY, NOW));
}, 180_000);

afterAll(async () => {
  await gate.stop();
  await cp.stop();
});

describe('gated-gate evaluate against the real gate', { timeout: 60_000 }, () => {
  it('denies a kubectl Deployment whose image has a Critical finding under a Deny rule: exit 1, the gate’s own message', async () => {
    const manifest = write(
      'web.yaml',
      kubectl('create', 'deployment', 'web', '-n', 'shop', '--image=alpine:3.10'),
    );
    const run = await runCli([
      manifest,
      '--policy-file',
      'policy.yaml',
      '--findings',
      'reports',
      '-o',
      'json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const [result] = jsonResults(run);
    const answer = await gateAnswer(
      parseYaml(readFileSync(path.join(dir, manifest), 'utf8')) as Record<string, unknown>,
    );
    expect(answer.allowed).toBe(false);
    expect(result?.response.status?.message).toBe(answer.status?.message);
    expect(comparable(result?.response as AdmissionResponse)).toEqual(comparable(answer));
    expect(result?.response.status?.message).toContain('"No criticals"');
    expect(result?.response.status?.message).toContain('CVE-2021-36159');

    const table = await runCli([manifest, '--policy-file', 'policy.yaml', '--findings', 'reports']);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(answer.status?.message ?? '(no message)');
    expect(table.stdout).toMatch(/DENY\s+Deployment shop\/web\s+No criticals\s+web\.yaml:1/);
  });

  it('allows the same Deployment once the Deny rule exempts its namespace, as the gate does: exit 0', async () => {
    const manifest = write(
      'web.yaml',
      kubectl('create', 'deployment', 'web', '-n', 'shop', '--image=alpine:3.10'),
    );
    await publish(policyFromRuleExport(policyText(true), IDENTITY, NOW));
    try {
      const run = await runCli([
        manifest,
        '--policy-file',
        'policy-exempt.yaml',
        '--findings',
        'reports',
        '-o',
        'json',
      ]);
      expect(run.code).toBe(0);
      const [result] = jsonResults(run);
      const answer = await gateAnswer(
        parseYaml(readFileSync(path.join(dir, manifest), 'utf8')) as Record<string, unknown>,
      );
      expect(answer.allowed).toBe(true);
      expect(comparable(result?.response as AdmissionResponse)).toEqual(comparable(answer));
      // Still audited by the other rule (Critical counts at Medium or higher), and the exemption is named.
      expect(result?.decision).toBe('Audit');
      expect(result?.exemptionsApplied).toEqual([
        expect.objectContaining({ ruleId: 'file:no criticals', type: 'Namespace', value: 'shop' }),
      ]);
    } finally {
      await publish(policyFromRuleExport(policyText(), IDENTITY, NOW));
    }
  });

  it('answers every workload kind, multi-document YAML, a List and stdin exactly as the gate does', async () => {
    const withImage = (name: string, image: string) => {
      const o = JSON.parse(readFileSync(path.join(K8S, `${name}.json`), 'utf8')) as {
        kind: string;
        spec: {
          containers?: { image: string }[];
          template?: { spec: { containers: { image: string }[] } };
        };
      };
      const first = (o.kind === 'Pod' ? o.spec.containers : o.spec.template?.spec.containers)?.[0];
      if (first) first.image = image;
      return JSON.stringify(o);
    };
    const listOf = (...yamls: string[]) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        metadata: { resourceVersion: '' },
        items: yamls.map((y) => parseYaml(y) as unknown),
      });
    // As `helm template` prints a chart: `# Source:` headers, one document per template.
    const chart = [
      kubectl('create', 'deployment', 'api', '-n', 'shop', '--image=localhost:53869/alpine:3.10'),
      kubectl('create', 'service', 'clusterip', 'api', '-n', 'shop', '--tcp=80:8080'),
      kubectl(
        'create',
        'job',
        'migrate',
        '-n',
        'shop',
        '--image=myacr.azurecr.io/shop/migrate:2.0',
      ),
      kubectl(
        'create',
        'cronjob',
        'nightly',
        '-n',
        'shop',
        '--image=alpine:3.10',
        '--schedule=0 2 * * *',
      ),
    ]
      .map((d, i) => `---\n# Source: shop/templates/t${i}.yaml\n${d}`)
      .join('');
    write('chart/all.yaml', chart);
    write('chart/stateful.json', withImage('statefulset', 'alpine:3.10'));
    write('chart/daemon.json', withImage('daemonset', 'nginx'));
    // `kubectl run` needs a server even with --dry-run=client: the Pod is the fixture kubectl's Deployment template made.
    write('chart/pod.json', withImage('pod', 'alpine:3.10'));
    write(
      'list.json',
      listOf(kubectl('create', 'deployment', 'lister', '-n', 'apps', '--image=nginx:1.27')),
    );
    const stdin = kubectl(
      'create',
      'deployment',
      'piped',
      '-n',
      'kube-system',
      '--image=alpine:3.10',
    );

    const run = await runCli(
      [
        '-f',
        'chart',
        'list.json',
        '-',
        '--policy-file',
        'policy.yaml',
        '--findings',
        'reports/alpine.trivy.json',
        '--findings',
        'reports/registry.trivy.json',
        '-o',
        'json',
      ],
      { stdin },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { results: JsonResult[]; skipped: { kind: string }[] };
    expect(doc.skipped.map((s) => s.kind)).toEqual(['Service']);
    expect(doc.results.map((r) => [r.kind, r.name, r.decision])).toEqual([
      ['Deployment', 'api', 'Audit'],
      ['Job', 'migrate', 'Allow'],
      ['CronJob', 'nightly', 'Deny'],
      ['DaemonSet', 'agent', 'Allow'],
      ['Pod', 'web-debug', 'Deny'],
      ['StatefulSet', 'db', 'Deny'],
      ['Deployment', 'lister', 'Allow'],
      // The webhook's namespaceSelector never sends kube-system to the gate.
      ['Deployment', 'piped', 'Excluded'],
    ]);
    const objects = [
      ...parseAllDocuments(chart)
        .map((d) => d.toJS() as Record<string, unknown>)
        .filter((o) => o.kind !== 'Service'),
      JSON.parse(readFileSync(path.join(dir, 'chart/daemon.json'), 'utf8')) as Record<
        string,
        unknown
      >,
      JSON.parse(readFileSync(path.join(dir, 'chart/pod.json'), 'utf8')) as Record<string, unknown>,
      JSON.parse(readFileSync(path.join(dir, 'chart/stateful.json'), 'utf8')) as Record<
        string,
        unknown
      >,
      ...(
        JSON.parse(readFileSync(path.join(dir, 'list.json'), 'utf8')) as {
          items: Record<string, unknown>[];
        }
      ).items,
    ];
    for (const [i, object] of objects.entries()) {
      const cli = doc.results[i]?.response as AdmissionResponse;
      expect(comparable(cli), `${String(object.kind)} ${i}`).toEqual(
        comparable(await gateAnswer(object)),
      );
    }
  });

  it('reads the policy and the findings from the control plane with a cluster token, with the same answer', async () => {
    const manifest = write(
      'web.yaml',
      kubectl('create', 'deployment', 'web', '-n', 'shop', '--image=alpine:3.10'),
    );
    const run = await runCli([manifest, '--control-plane-url', cp.url, '-o', 'json'], {
      env: { GATE_CLUSTER_TOKEN: cp.token },
    });
    expect(run.code).toBe(1);
    const answer = await gateAnswer(
      parseYaml(readFileSync(path.join(dir, manifest), 'utf8')) as Record<string, unknown>,
    );
    expect(comparable(jsonResults(run)[0]?.response as AdmissionResponse)).toEqual(
      comparable(answer),
    );

    const refused = await runCli([manifest, '--control-plane-url', cp.url], {
      env: { GATE_CLUSTER_TOKEN: 'not-the-token' },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refused the token');
  });
});

describe('gated-gate evaluate on its own', { timeout: 60_000 }, () => {
  it('owns its clock: a time-bound exemption allows until the end of its day, then the Deny is back', async () => {
    const manifest = write(
      'web.yaml',
      kubectl('create', 'deployment', 'web', '-n', 'shop', '--image=alpine:3.10'),
    );
    write(
      'policy-until.yaml',
      policyText().replace(
        'exemptions: []',
        'exemptions: [{ type: Namespace, match: Equals, value: shop, validUntil: "2027-01-31", timeZone: UTC }]',
      ),
    );
    const args = [manifest, '--policy-file', 'policy-until.yaml', '--findings', 'reports'];
    expect((await runCli([...args, '--at', '2027-01-31T23:59:00Z'])).code).toBe(0);
    const after = await runCli([...args, '--at', '2027-02-01T00:00:00Z']);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('DENY');
  });

  it('reads a report that names no image through --findings-for', async () => {
    const manifest = write(
      'java.yaml',
      kubectl(
        'create',
        'deployment',
        'java',
        '-n',
        'shop',
        '--image=myacr.azurecr.io/shop/java:1.0',
      ),
    );
    write('reports-pom/pom.json', realText('trivy-pom.json'));
    const without = await runCli([
      manifest,
      '--policy-file',
      'policy.yaml',
      '--findings',
      'reports-pom',
    ]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('Metadata.RepoDigests');
    const run = await runCli([
      manifest,
      '--policy-file',
      'policy.yaml',
      '--findings-for',
      'myacr.azurecr.io/shop/java:1.0@sha256:' + 'ab'.repeat(32) + '=reports-pom/pom.json',
      '-o',
      'json',
    ]);
    // Trivy's Maven scan: jackson-databind with one Critical (CVE-2020-9548) and one High.
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const [result] = jsonResults(run);
    expect(result?.decision).toBe('Deny');
    expect(result?.response.status?.message).toContain('CVE-2020-9548');
  });

  it.each([
    [
      'an unknown flag',
      ['web.yaml', '--policy-file', 'policy.yaml', '--bogus'],
      /Unknown option '--bogus'/,
    ],
    ['no policy', ['web.yaml'], /--policy-file FILE or --control-plane-url/],
    [
      'a missing manifest',
      ['nope.yaml', '--policy-file', 'policy.yaml'],
      /nope\.yaml: No such file/,
    ],
    [
      'a bad output',
      ['web.yaml', '--policy-file', 'policy.yaml', '-o', 'xml'],
      /--output: one of table, json, sarif, junit/,
    ],
    [
      'a bad time',
      ['web.yaml', '--policy-file', 'policy.yaml', '--at', 'soon'],
      /--at: an ISO time/,
    ],
  ])('exits 2 on %s, saying why', async (_what, args, message) => {
    write('web.yaml', kubectl('create', 'deployment', 'web', '--image=alpine:3.10'));
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('exits 2 on a report it cannot read whole, never counting fewer findings', async () => {
    write('web.yaml', kubectl('create', 'deployment', 'web', '--image=alpine:3.10'));
    const lossy = JSON.parse(ALPINE_TRIVY) as {
      Results: { Vulnerabilities: Record<string, unknown>[] }[];
    };
    delete lossy.Results[0]?.Vulnerabilities[0]?.VulnerabilityID;
    write('lossy/report.json', JSON.stringify(lossy));
    const run = await runCli(['web.yaml', '--policy-file', 'policy.yaml', '--findings', 'lossy']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /lossy\/report\.json: 1 vulnerability entry of 1 in the trivy report could not be read/i,
    );
    expect(run.stderr).toContain('Results.0.Vulnerabilities.0.VulnerabilityID');
  });

  it('exits 2 on a YAML alias bomb and on a folder that links back to itself', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
      );
    write('bomb.yaml', `apiVersion: v1\nkind: ConfigMap\n${bomb.join('\n')}\n`);
    const run = await runCli(['bomb.yaml', '--policy-file', 'policy.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bomb\.yaml:1 \(document 1\): cannot be read: .*alias/i);

    write('loop/ok.yaml', kubectl('create', 'deployment', 'web', '--image=alpine:3.10'));
    symlinkSync('.', path.join(dir, 'loop', 'back'));
    const looped = await runCli(['loop', '--policy-file', 'policy.yaml']);
    expect(looped.code).toBe(2);
    expect(looped.stderr).toMatch(/loop\/back links back to .*: a symlink loop/);
  });
});
