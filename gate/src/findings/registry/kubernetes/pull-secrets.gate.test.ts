/**
 * The pull-secret path end to end: the composed gate (startGate, as production) over HTTPS, a real
 * docker-registry with htpasswd auth holding an image whose only Critical finding is a SARIF
 * referrer, and an HTTPS stand-in for the Kubernetes API serving the Secret and ServiceAccount as
 * `kubectl create … --dry-run=client -o json` prints them. Without the pull secret the registry
 * answers 401, the findings are unavailable and the Deny rule cannot trigger (what the gate did
 * before it read pull secrets); with it the gate denies.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AdmissionReviewResponseSchema, type AdmissionResponse } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admissionReview, loadFixture } from '../../../../testdata/k8s/admission-review.js';
import { readEnv } from '../../../env.js';
import { startGate, type RunningGate } from '../../../gate.js';
import { FakeControlPlane } from '../../../testing/fake-control-plane.js';
import { httpsRequest } from '../../../testing/https-client.js';
import { testPolicy, testRule } from '../../../testing/policy-fixtures.js';
import { startDockerRegistry, type RunningRegistry } from '../testing/docker-registry.js';
import { startKubeApiStub, type KubeApiStub } from '../testing/kube-api-stub.js';
import { OciPusher } from '../testing/oci-pusher.js';

const USER = 'ci-bot';
const PASS = 's3cret-pass';
// The bcrypt line registry-auth.test.ts uses (`htpasswd -Bbn -C 5 ci-bot s3cret-pass`).
const HTPASSWD = 'ci-bot:$2y$05$JodLq8tlx1QfZXgEI8FVfepRjOPStfg64aqMImzkfAEHSdVKk1QIK\n';
const sarif = readFileSync(
  new URL('../../../../../shared/src/findings/fixtures/trivy-web.sarif.json', import.meta.url),
  'utf8',
);

function kubectlJson(args: string[]): Record<string, unknown> {
  return JSON.parse(
    execFileSync('kubectl', [...args, '--dry-run=client', '-o', 'json'], { encoding: 'utf8' }),
  ) as Record<string, unknown>;
}

let registry: RunningRegistry;
let kube: KubeApiStub;
let cp: FakeControlPlane;
let gate: RunningGate;
const work = mkdtempSync(path.join(tmpdir(), 'gate-pull-secrets-'));
const REPOS = ['shop/pod-secret', 'shop/sa-secret', 'shop/off', 'shop/other-ns', 'shop/forbidden'];

beforeAll(async () => {
  registry = await startDockerRegistry({ kind: 'htpasswd', htpasswd: HTPASSWD });
  const basic = `Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`;
  const pusher = new OciPusher(registry.host, () => Promise.resolve(basic));
  for (const repo of REPOS) {
    const image = await pusher.image(repo, '1');
    await pusher.attach(repo, image, 'application/sarif+json', sarif, '2026-06-01T00:00:00Z');
  }

  kube = await startKubeApiStub();
  const secret = kubectlJson([
    'create',
    'secret',
    'docker-registry',
    'regcred',
    '--namespace',
    'shop',
    `--docker-server=${registry.host}`,
    `--docker-username=${USER}`,
    `--docker-password=${PASS}`,
  ]);
  kube.objects.set('/api/v1/namespaces/shop/secrets/regcred', secret);
  const builder = kubectlJson(['create', 'serviceaccount', 'builder', '--namespace', 'shop']);
  // `kubectl create serviceaccount` has no flag for it; `kubectl patch` would add exactly this field.
  kube.objects.set('/api/v1/namespaces/shop/serviceaccounts/builder', {
    ...builder,
    imagePullSecrets: [{ name: 'regcred' }],
  });
  kube.forbidden.add('/api/v1/namespaces/locked/secrets/regcred');
  writeFileSync(path.join(work, 'token'), `${kube.token}\n`);
  writeFileSync(path.join(work, 'ca.crt'), kube.caPem);

  cp = await new FakeControlPlane().start();
  cp.setPolicy(
    testPolicy([testRule({ name: 'No criticals' })], {
      securityGating: { enabled: true, identities: [], allowSecretAccess: true },
    }),
  );
  gate = await startGate(
    readEnv({
      GATE_PORT: '0',
      GATE_HOST: '127.0.0.1',
      GATE_CONTROL_PLANE_URL: cp.url,
      GATE_CLUSTER_TOKEN: cp.token,
      GATED_DATA_DIR: path.join(work, 'data'),
      GATE_LOG_LEVEL: 'silent',
      GATE_REGISTRY_FINDINGS: 'on',
      GATE_INSECURE_REGISTRIES: registry.host,
      // Generous: the first lookup of each image reads the API and the registry within it.
      GATE_FINDINGS_BUDGET_MS: '8000',
      GATE_TIMEOUT_MS: '10000',
      GATE_KUBERNETES_API_URL: kube.url,
      GATE_KUBERNETES_TOKEN_FILE: path.join(work, 'token'),
      GATE_KUBERNETES_CA_FILE: path.join(work, 'ca.crt'),
    }),
  );
}, 60_000);

afterAll(async () => {
  await gate?.stop();
  await cp?.stop();
  await kube?.stop();
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

function deployment(
  repo: string,
  namespace: string,
  pod: { imagePullSecrets?: { name: string }[]; serviceAccountName?: string },
): Record<string, unknown> {
  const d = loadFixture('deployment') as {
    metadata: { name: string; namespace: string };
    spec: { template: { spec: Record<string, unknown> } };
  };
  d.metadata.name = repo.replace('/', '-');
  d.metadata.namespace = namespace;
  d.spec.template.spec = {
    ...pod,
    containers: [{ name: 'app', image: `${registry.host}/${repo}:1`, resources: {} }],
  };
  return d;
}

async function admit(object: Record<string, unknown>): Promise<AdmissionResponse> {
  const res = await httpsRequest(`${gate.url}/validate`, {
    method: 'POST',
    body: JSON.stringify(admissionReview(object)),
  });
  expect(res.status).toBe(200);
  return AdmissionReviewResponseSchema.parse(res.json()).response;
}

const secretReads = () =>
  kube.requests.filter((r) => r.path.includes('/secrets/') || r.path.includes('/serviceaccounts/'));

describe('pull secrets from the Kubernetes API (allowSecretAccess on)', { timeout: 60_000 }, () => {
  it("denies with the pod's own imagePullSecrets: the registry answers only with them", async () => {
    const answer = await admit(
      deployment('shop/pod-secret', 'shop', { imagePullSecrets: [{ name: 'regcred' }] }),
    );
    expect(answer.allowed).toBe(false);
    expect(answer.status?.code).toBe(403);
    expect(answer.status?.message).toContain('CVE-2024-45490');
    expect(kube.requests).toContainEqual({
      method: 'GET',
      path: '/api/v1/namespaces/shop/secrets/regcred',
      authorization: `Bearer ${kube.token}`,
    });
    // The pod named its secrets: the service account is not read.
    expect(kube.requests.some((r) => r.path.includes('/serviceaccounts/'))).toBe(false);
  });

  it('answers a repeat from the caches: no Kubernetes API or registry round trip', async () => {
    const before = kube.requests.length;
    const again = await admit(
      deployment('shop/pod-secret', 'shop', { imagePullSecrets: [{ name: 'regcred' }] }),
    );
    expect(again.allowed).toBe(false);
    expect(kube.requests.length).toBe(before);
  });

  it("uses the ServiceAccount's imagePullSecrets when the pod names none", async () => {
    const answer = await admit(
      deployment('shop/sa-secret', 'shop', { serviceAccountName: 'builder' }),
    );
    expect(answer.allowed).toBe(false);
    const paths = kube.requests.map((r) => r.path);
    expect(paths).toContain('/api/v1/namespaces/shop/serviceaccounts/builder');
    // Only named gets: never a list of secrets or service accounts.
    expect(paths.every((p) => /\/(secrets|serviceaccounts)\/[^/]+$/.test(p))).toBe(true);
    expect(kube.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it("reads only in the workload's own namespace: regcred of shop does not serve another namespace", async () => {
    const answer = await admit(
      deployment('shop/other-ns', 'tenant-b', { imagePullSecrets: [{ name: 'regcred' }] }),
    );
    expect(answer.allowed).toBe(true);
    expect(kube.requests.map((r) => r.path)).toContain(
      '/api/v1/namespaces/tenant-b/secrets/regcred',
    );
  });

  it('an RBAC refusal (403) costs the lookup its secret, not the admission', async () => {
    const answer = await admit(
      deployment('shop/forbidden', 'locked', { imagePullSecrets: [{ name: 'regcred' }] }),
    );
    expect(answer.allowed).toBe(true);
    expect(kube.requests.map((r) => r.path)).toContain('/api/v1/namespaces/locked/secrets/regcred');
  });

  it('reads no secret at all once the policy turns allowSecretAccess off', async () => {
    cp.setPolicy(
      testPolicy([testRule({ name: 'No criticals' })], {
        revision: 'r2',
        securityGating: { enabled: true, identities: [], allowSecretAccess: false },
      }),
    );
    const deadline = Date.now() + 10_000;
    while (gate.policy.revision !== 'r2' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(gate.policy.revision).toBe('r2');
    const before = secretReads().length;
    const answer = await admit(
      deployment('shop/off', 'shop', { imagePullSecrets: [{ name: 'regcred' }] }),
    );
    // The registry refuses the gate (401): findings unavailable, the Deny rule cannot trigger.
    expect(answer.allowed).toBe(true);
    expect(secretReads().length).toBe(before);
  });
});
