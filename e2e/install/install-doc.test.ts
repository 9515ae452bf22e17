/**
 * Every command in docs/install.md's `sh` blocks, run or checked here. Generators and kubectl's
 * offline verbs run for real (`kubectl create … --dry-run=client`, `kubectl kustomize`); the
 * registration `curl` runs against a real BFF; commands that need a cluster or a cloud are checked
 * against the objects the generator emits (names, namespaces, service account subject); the image
 * builds and pushes are the ones e2e/images runs. A command no rule covers fails the test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Environment } from '@gated/shared';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInForToken } from '../support/bff-client.js';
import type { RunningProcess } from '../support/child-process.js';
import { freePort } from '../support/free-port.js';
import { REPO_ROOT, startBff } from '../support/services.js';

const doc = readFileSync(path.join(REPO_ROOT, 'docs/install.md'), 'utf8');
const commands = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
  (m[1] ?? '').split('\n').filter((l) => l.trim() !== ''),
);

type Obj = { kind: string; metadata: { name: string; namespace?: string } };

const vars: Record<string, string> = {
  REGISTRY: '127.0.0.1:5000',
  PORTAL_HOST: 'gated.example.com',
  DATABASE_URL: 'postgres://gated:secret@postgres.gated.svc:5432/gated',
  ADMIN_PASSWORD: 'admin-password-1',
  READER_PASSWORD: 'reader-password-1',
  GATE_TOKEN: 'gdg_example',
  CLIENT_ID: '11111111-2222-3333-4444-555555555555',
  VERSION: '0.2.0',
  BASE_IMAGE: 'docker.io/library/node:20-slim',
  ACR_NAME: 'gatedprod',
  IDENTITY_ID:
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/gated-gate',
  OBJECT_ID: '99999999-8888-7777-6666-555555555555',
  AWS_ACCOUNT_ID: '123456789012',
  GCP_PROJECT: 'prod-1',
  NAMESPACE: 'shop',
};

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
type Binding = Obj & {
  roleRef: { name: string };
  subjects: { kind: string; name: string; namespace: string }[];
};

/** What RBAC the generated objects grant a service account: kubectl auth can-i, answered offline. */
function canI(objects: Obj[], verb: string, resource: string, subject: string): boolean {
  const [, , namespace, name] = subject.split(':');
  const roles = objects
    .filter((o): o is Binding => o.kind === 'ClusterRoleBinding')
    .filter((b) =>
      b.subjects.some(
        (x) => x.kind === 'ServiceAccount' && x.name === name && x.namespace === namespace,
      ),
    )
    .map((b) => b.roleRef.name);
  return objects
    .filter((o) => o.kind === 'ClusterRole' && roles.includes(o.metadata.name))
    .flatMap((o) => (o as Obj & { rules: Rule[] }).rules)
    .some(
      (r) =>
        r.apiGroups.includes('') &&
        r.resources.includes(resource) &&
        (r.verbs.includes(verb) || r.verbs.includes('*')),
    );
}

/** The gate's service account as `system:serviceaccount:<ns>:<name>` and `<ns>/<name>`. */
function gateServiceAccount(objects: Obj[]): { namespace: string; name: string } {
  const sa = objects.find(
    (o) => o.kind === 'ServiceAccount' && o.metadata.namespace === 'kube-system',
  );
  return { namespace: sa?.metadata.namespace ?? '', name: sa?.metadata.name ?? '' };
}

function sh(command: string, extra: Record<string, string> = {}): string {
  return execFileSync('sh', ['-c', command], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...vars, ...extra },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Decodes as kubectl (YAML 1.1) and YAML 1.2; they must agree. */
function decode(text: string): Obj[] {
  const read = (version: '1.1' | '1.2') =>
    parseAllDocuments(text, { version }).map((d) => JSON.parse(JSON.stringify(d.toJS())) as Obj);
  const v11 = read('1.1');
  expect(v11).toEqual(read('1.2'));
  expect(v11.length).toBeGreaterThan(0);
  return v11;
}

/** Everything the generators emit with defaults: what cluster-side commands may name. */
let generatedObjects: Obj[] | undefined;
function generated(): Obj[] {
  generatedObjects ??= [
    ...decode(sh('node gate/dist/main.js manifests --control-plane-url https://$PORTAL_HOST')),
    ...decode(sh('node bff/dist/index.js manifests')),
  ];
  return generatedObjects;
}
const has = (objects: Obj[], kind: string, name: string, namespace?: string) =>
  objects.some(
    (o) =>
      o.kind === kind &&
      o.metadata.name === name &&
      (namespace === undefined || o.metadata.namespace === namespace),
  );

let bff: RunningProcess | undefined;
let bffUrl = '';
const work = mkdtempSync(path.join(tmpdir(), 'gated-install-doc-'));

beforeAll(async () => {
  const port = await freePort();
  bffUrl = `http://127.0.0.1:${port}`;
  bff = await startBff({
    port,
    dataDir: path.join(work, 'data'),
    logFile: path.join(work, 'bff.log'),
    env: { GATED_ADMIN_PASSWORD: vars.ADMIN_PASSWORD, GATED_READER_PASSWORD: vars.READER_PASSWORD },
  });
});
afterAll(async () => {
  await bff?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('docs/install.md', () => {
  it('has commands for every section (build, control plane, register, gate, identities, upgrade, uninstall)', () => {
    for (const heading of [
      'Build and push',
      'Install the control plane',
      'Register a cluster',
      'Install the gate',
      'Wire registry identities',
      'Upgrade',
      'Uninstall',
    ])
      expect(doc).toContain(heading);
    expect(commands.length).toBeGreaterThan(20);
  });

  it.each(commands.map((c) => [c]))('%s', async (command) => {
    const objects = generated();
    let m: RegExpMatchArray | null;
    if ((m = command.match(/^(docker|buildah) (build|bud|push) (.*)$/))) {
      // Run for real by e2e/images (buildah bud --isolation chroot, buildah push).
      const file = m[3]?.match(/-f (\S+)/)?.[1];
      if (file) {
        const containerfile = readFileSync(path.join(REPO_ROOT, file), 'utf8');
        for (const arg of m[3]?.matchAll(/--build-arg (\w+)=/g) ?? [])
          expect(containerfile).toMatch(new RegExp(`^ARG ${arg[1]}\\b`, 'm'));
        const target = m[3]?.match(/--target (\S+)/)?.[1];
        if (target) expect(containerfile).toMatch(new RegExp(`^FROM \\S+ AS ${target}$`, 'm'));
      }
      if (m[1] === 'buildah') {
        const runner = readFileSync(path.join(REPO_ROOT, 'e2e/images/buildah.ts'), 'utf8');
        expect(runner).toContain(`'${m[2]}'`);
        if (m[2] === 'bud') expect(runner).toMatch(/'--isolation',\s*'chroot'/);
      }
      expect(m[3]).toMatch(/\$REGISTRY\/gated\/(gate|control-plane):0\.1\.0/);
    } else if ((m = command.match(/^BASE_IMAGE=\$\((\S+)\)$/))) {
      // Run for real by e2e/images when node:20-slim cannot be pulled.
      expect(existsSync(path.join(REPO_ROOT, m[1] ?? ''))).toBe(true);
    } else if ((m = command.match(/^(.*) \| kubectl (apply|delete --ignore-not-found) -f -$/))) {
      const out = decode(sh(m[1] ?? ''));
      expect(out.map((o) => o.kind)).toContain('Deployment');
      expect(out.some((o) => o.kind === 'Namespace' && o.metadata.name.startsWith('kube-'))).toBe(
        false,
      );
      // Registry identity flags land where each cloud's webhook reads them (section 5).
      const sa: (Obj & { metadata: { annotations?: Record<string, string> } }) | undefined =
        out.find((o) => o.kind === 'ServiceAccount' && o.metadata.name.startsWith('defender'));
      const annotations = sa?.metadata.annotations ?? {};
      if (command.includes('--workload-identity-client-id'))
        expect(annotations['azure.workload.identity/client-id']).toBe(vars.CLIENT_ID);
      if (command.includes('--aws-role-arn'))
        expect(annotations['eks.amazonaws.com/role-arn']).toBe(
          `arn:aws:iam::${vars.AWS_ACCOUNT_ID}:role/gated-gate`,
        );
      if (command.includes('--gcp-service-account'))
        expect(annotations['iam.gke.io/gcp-service-account']).toBe(
          `gated-gate@${vars.GCP_PROJECT}.iam.gserviceaccount.com`,
        );
      expect(out.some((o) => o.kind === 'ClusterRole')).toBe(
        command.includes('--allow-secret-access'),
      );
    } else if (/^kubectl (-n \S+ )?create (namespace|secret generic) /.test(command)) {
      const out = JSON.parse(sh(`${command} --dry-run=client -o json`)) as Obj & {
        data?: Record<string, string>;
      };
      if (out.kind === 'Secret') {
        const refs = JSON.stringify(objects);
        for (const key of Object.keys(out.data ?? {})) expect(refs).toContain(`"key":"${key}"`);
        expect(refs).toContain(`"name":"${out.metadata.name}"`);
      } else expect(has(objects, 'Namespace', out.metadata.name)).toBe(true);
    } else if ((m = command.match(/^kubectl -n (\S+) rollout status deployment\/(\S+)$/))) {
      expect(has(objects, 'Deployment', m[2] ?? '', m[1])).toBe(true);
    } else if (
      (m = command.match(/^kubectl kustomize (\S+)$/)) ||
      (m = command.match(/^kubectl apply -k (\S+)$/))
    ) {
      const out = decode(sh(`kubectl kustomize ${m[1]}`));
      expect(out.map((o) => o.kind)).toContain('ValidatingWebhookConfiguration');
    } else if ((m = command.match(/^kubectl delete validatingwebhookconfiguration (\S+)$/))) {
      expect(has(objects, 'ValidatingWebhookConfiguration', m[1] ?? '')).toBe(true);
    } else if ((m = command.match(/^kubectl -n (\S+) delete secret (\S+)$/))) {
      const env = JSON.stringify(objects);
      expect(env).toContain(`"secretKeyRef":{"name":"${m[2]}"`);
      expect(has(objects, 'Deployment', 'gated-gate', m[1])).toBe(true);
    } else if (command.startsWith('curl ') && command.includes('/security-gating')) {
      // Against a real BFF: register a cluster, then the doc's PUT verbatim, twice (idempotent).
      const token = await signInForToken(
        bffUrl,
        'admin',
        vars.ADMIN_PASSWORD ?? '',
        'install-doc-gating',
      );
      const envRes = await fetch(`${bffUrl}/api/v1/environments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          cloud: 'Azure',
          accountId: '00000000-0000-0000-0000-000000000001',
          name: 'install-doc-gating',
        }),
      });
      expect(envRes.status).toBe(201);
      const environment = (await envRes.json()) as Environment;
      const reg = await fetch(`${bffUrl}/api/v1/clusters`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          environmentId: environment.id,
          name: 'aks-gating',
          provider: 'AKS',
        }),
      });
      expect(reg.status).toBe(201);
      const { cluster } = (await reg.json()) as { cluster: { id: string } };
      const run = () =>
        JSON.parse(
          sh(command.replace('https://$PORTAL_HOST', bffUrl), {
            API_TOKEN: token,
            CLUSTER_ID: cluster.id,
          }),
        ) as unknown;
      const expected = {
        id: cluster.id,
        securityGating: {
          enabled: true,
          allowSecretAccess: true,
          identities: [
            {
              azureContainerRegistry: `${vars.ACR_NAME}.azurecr.io`,
              identity: {
                resourceId: vars.IDENTITY_ID,
                clientId: vars.CLIENT_ID,
                objectId: vars.OBJECT_ID,
              },
            },
          ],
        },
      };
      expect(run()).toMatchObject(expected);
      expect(run()).toMatchObject(expected);
    } else if (command.startsWith('curl ')) {
      // Against a real BFF: an API token, an environment, then the doc's command verbatim.
      const token = await signInForToken(bffUrl, 'admin', vars.ADMIN_PASSWORD ?? '', 'install-doc');
      const envRes = await fetch(`${bffUrl}/api/v1/environments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cloud: 'AWS', accountId: '123456789012', name: 'install-doc' }),
      });
      expect(envRes.status).toBe(201);
      const environment = (await envRes.json()) as Environment;
      const out = sh(command.replace('https://$PORTAL_HOST', bffUrl), {
        API_TOKEN: token,
        ENVIRONMENT_ID: environment.id,
        CLUSTER_NAME: 'prod-eu-1',
      });
      expect(JSON.parse(out)).toMatchObject({
        gateToken: expect.stringMatching(/^gdg_/) as string,
      });
    } else if (command.startsWith('az ')) {
      const sa = objects.find(
        (o) => o.kind === 'ServiceAccount' && o.metadata.namespace === 'kube-system',
      );
      if (command.includes('--subject'))
        expect(command).toContain(
          `--subject system:serviceaccount:${sa?.metadata.namespace}:${sa?.metadata.name}`,
        );
      expect(command).toMatch(
        /^az (identity create|identity federated-credential create|role assignment create --assignee \$CLIENT_ID --role AcrPull) /,
      );
    } else if (command.startsWith('eksctl create iamserviceaccount ')) {
      // The role's trust policy names exactly the gate's service account; the manifests use its ARN.
      const sa = gateServiceAccount(objects);
      expect(command).toContain(`--namespace ${sa.namespace} --name ${sa.name} `);
      expect(command).toContain(
        '--attach-policy-arn arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      );
      expect(command).toContain('--role-only');
      const role = command.match(/--role-name (\S+)/)?.[1];
      expect(
        commands.some((c) =>
          c.includes(`--aws-role-arn arn:aws:iam::$AWS_ACCOUNT_ID:role/${role} `),
        ),
      ).toBe(true);
    } else if (command.startsWith('gcloud ')) {
      const sa = gateServiceAccount(objects);
      const created = commands
        .find((c) => c.startsWith('gcloud iam service-accounts create '))
        ?.split(' ')[4];
      const email = `${created}@$GCP_PROJECT.iam.gserviceaccount.com`;
      if (command.includes('service-accounts create'))
        expect(commands.some((c) => c.includes(`--gcp-service-account ${email} `))).toBe(true);
      else if (command.includes('projects add-iam-policy-binding'))
        expect(command).toContain(
          `--member serviceAccount:${email} --role roles/artifactregistry.reader`,
        );
      else {
        expect(command).toMatch(
          /^gcloud iam service-accounts add-iam-policy-binding \S+ --role roles\/iam.workloadIdentityUser /,
        );
        expect(command).toContain(`${email} `);
        expect(command).toContain(`svc.id.goog[${sa.namespace}/${sa.name}]`);
      }
    } else if ((m = command.match(/^kubectl auth can-i (\w+) (\w+) --as (\S+) -n \S+$/))) {
      // What the API server would answer, from the RBAC `--allow-secret-access` generates.
      const rbac = decode(sh('node gate/dist/main.js manifests --allow-secret-access'));
      const sa = gateServiceAccount(rbac);
      expect(m[3]).toBe(`system:serviceaccount:${sa.namespace}:${sa.name}`);
      expect(canI(rbac, m[1] ?? '', m[2] ?? '', m[3] ?? '')).toBe(m[1] === 'get');
      expect(canI(generated(), m[1] ?? '', m[2] ?? '', m[3] ?? '')).toBe(false);
    } else if ((m = command.match(/^promtool check rules (\S+)$/))) {
      expect(sh(command)).toContain('SUCCESS');
    } else {
      throw new Error(`no rule covers this command: ${command}`);
    }
  });
});
