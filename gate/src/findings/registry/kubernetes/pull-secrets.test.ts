/**
 * Hostile workloads and odd Secrets on the pull-secret path, against the HTTPS stand-in for the API
 * server: names that are not Kubernetes names never reach a URL, only registry-config Secrets are
 * used, reads are bounded in count and shared while in flight, answers are cached for their TTL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admissionRequest, loadFixture } from '../../../../testdata/k8s/admission-review.js';
import { startKubeApiStub, type KubeApiStub } from '../testing/kube-api-stub.js';
import { KubernetesApi } from './kube-api.js';
import { PullSecretResolver } from './pull-secrets.js';
import { workloadOfRequest } from './workload-pull-secrets.js';

const dockerConfig = (host: string) =>
  JSON.stringify({ auths: { [host]: { username: 'u', password: 'p' } } });

function secret(name: string, type: string, key: string, config: string): object {
  // The shape `kubectl create secret docker-registry NAME -n shop --dry-run=client -o json` prints.
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: { name, namespace: 'shop', creationTimestamp: null },
    type,
    data: { [key]: Buffer.from(config).toString('base64') },
  };
}

let kube: KubeApiStub;
let dir: string;
let api: KubernetesApi;
beforeAll(async () => {
  kube = await startKubeApiStub();
  dir = mkdtempSync(path.join(tmpdir(), 'gate-pull-secret-unit-'));
  writeFileSync(path.join(dir, 'token'), kube.token);
  api = new KubernetesApi({
    baseUrl: kube.url,
    tokenFile: path.join(dir, 'token'),
    caPem: kube.caPem,
  });
  for (let i = 0; i < 20; i++)
    kube.objects.set(
      `/api/v1/namespaces/shop/secrets/s${i}`,
      secret(
        `s${i}`,
        'kubernetes.io/dockerconfigjson',
        '.dockerconfigjson',
        dockerConfig(`r${i}.example`),
      ),
    );
  kube.objects.set(
    '/api/v1/namespaces/shop/secrets/opaque',
    secret('opaque', 'Opaque', '.dockerconfigjson', dockerConfig('x.example')),
  );
  kube.objects.set(
    '/api/v1/namespaces/shop/secrets/legacy',
    secret('legacy', 'kubernetes.io/dockercfg', '.dockercfg', '{"old.example":{"auth":"dTpw"}}'),
  );
});
afterAll(async () => {
  await kube.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('workloadOfRequest', () => {
  it("reads a CronJob's pod template, and defaults the service account to `default`", () => {
    const cron = loadFixture('cronjob') as {
      spec: { jobTemplate: { spec: { template: { spec: Record<string, unknown> } } } };
    };
    cron.spec.jobTemplate.spec.template.spec.imagePullSecrets = [
      { name: 'regcred' },
      { nope: 1 },
      'x',
    ];
    expect(workloadOfRequest(admissionRequest(cron as unknown as Record<string, unknown>))).toEqual(
      {
        namespace: expect.any(String) as string,
        serviceAccountName: 'default',
        imagePullSecrets: ['regcred'],
      },
    );
  });

  it('answers undefined, never throws, for objects without a pod template', () => {
    const request = admissionRequest({ kind: 'Pod', metadata: { name: 'x', namespace: 'shop' } });
    expect(workloadOfRequest(request)).toBeUndefined();
    const hostile = {
      ...request,
      object: {
        get kind(): string {
          throw new Error('boom');
        },
      },
    };
    expect(workloadOfRequest(hostile as never)).toBeUndefined();
  });
});

describe('PullSecretResolver', () => {
  it('uses registry-config Secrets only, in order, bounded to 16, and never puts a bad name in a URL', async () => {
    const resolver = new PullSecretResolver(api);
    const names = [
      '../../secrets',
      'opaque',
      'legacy',
      ...Array.from({ length: 20 }, (_, i) => `s${i}`),
    ];
    const configs = await resolver.dockerConfigsFor({
      namespace: 'shop',
      serviceAccountName: 'default',
      imagePullSecrets: names,
    });
    expect(configs[0]).toBe('{"old.example":{"auth":"dTpw"}}');
    // 16 names read (opaque and legacy among them): legacy + s0..s13.
    expect(configs).toHaveLength(15);
    expect(kube.requests.some((r) => r.path.includes('..'))).toBe(false);
    expect(kube.requests.some((r) => r.path.endsWith('/s14'))).toBe(false);
    const none = await resolver.dockerConfigsFor({
      namespace: 'Not_A_Namespace',
      serviceAccountName: 'default',
      imagePullSecrets: ['s0'],
    });
    expect(none).toEqual([]);
  });

  it('shares one request among concurrent reads and caches the answer for its TTL', async () => {
    let now = 1_000_000;
    const resolver = new PullSecretResolver(api, { ttlMs: 60_000, clock: () => now });
    const workload = {
      namespace: 'shop',
      serviceAccountName: 'default',
      imagePullSecrets: ['s15'],
    };
    const count = () => kube.requests.filter((r) => r.path.endsWith('/secrets/s15')).length;
    await Promise.all([1, 2, 3].map(() => resolver.dockerConfigsFor(workload)));
    expect(count()).toBe(1);
    now += 59_000;
    await resolver.dockerConfigsFor(workload);
    expect(count()).toBe(1);
    now += 2_000;
    await resolver.dockerConfigsFor(workload);
    expect(count()).toBe(2);
  });

  it('a wrong token is a refusal (cached, reported), not an error', async () => {
    writeFileSync(path.join(dir, 'bad-token'), 'not-the-token');
    const problems: string[] = [];
    const resolver = new PullSecretResolver(
      new KubernetesApi({
        baseUrl: kube.url,
        tokenFile: path.join(dir, 'bad-token'),
        caPem: kube.caPem,
      }),
      { onProblem: (p) => problems.push(p) },
    );
    const workload = {
      namespace: 'shop',
      serviceAccountName: 'default',
      imagePullSecrets: ['s16'],
    };
    expect(await resolver.dockerConfigsFor(workload)).toEqual([]);
    expect(await resolver.dockerConfigsFor(workload)).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/401/);
  });

  it('refuses an API server whose certificate the CA does not sign', async () => {
    const untrusted = new KubernetesApi({ baseUrl: kube.url, tokenFile: path.join(dir, 'token') });
    await expect(untrusted.get('/api/v1/namespaces/shop/secrets/s0')).rejects.toThrow();
  });
});
