/**
 * deploy/kustomize is what the generator writes (no drift), and `kubectl kustomize` renders each
 * overlay offline into objects that decode the same under YAML 1.1 and 1.2 and pass the schemas.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeBoth } from '../testing/kube-decode.js';
import { runDeployCommand } from './deploy-cli.js';
import { REGISTRY_OVERLAYS } from './kustomize-registry-overlays.js';
import { kustomizeTree } from './kustomize-tree.js';

const TREE = path.resolve(import.meta.dirname, '../../../deploy/kustomize');
const SCHEMAS: Record<string, new (o: never) => { validate(): void }> = {
  Namespace,
  ServiceAccount,
  Deployment,
  PodDisruptionBudget,
  Service,
  Ingress,
  ValidatingWebhookConfiguration,
  ClusterRole,
  ClusterRoleBinding,
};

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory()
      ? filesUnder(full, `${prefix}${name}/`)
      : [`${prefix}${name}`];
  });
}

type Obj = { kind: string; apiVersion: string; metadata: { name: string; namespace?: string } };

function render(overlay: string): Obj[] {
  const text = execFileSync('kubectl', ['kustomize', path.join(TREE, 'overlays', overlay)], {
    encoding: 'utf8',
  });
  const { v11, v12 } = decodeBoth(text);
  expect(v11).toEqual(v12);
  return v11 as Obj[];
}

describe('Kustomize base and overlays', () => {
  it('the committed tree is exactly what `kustomize DIR` writes', async () => {
    const expected = await kustomizeTree();
    expect(filesUnder(TREE).sort()).toEqual(Object.keys(expected).sort());
    for (const [file, text] of Object.entries(expected))
      expect(readFileSync(path.join(TREE, file), 'utf8'), file).toBe(text);
    const out = mkdtempSync(path.join(tmpdir(), 'gated-kustomize-'));
    expect(await runDeployCommand(['kustomize', out])).toBe(true);
    expect(filesUnder(out).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(['evaluation', 'production', ...Object.keys(REGISTRY_OVERLAYS)])(
    'kubectl kustomize renders %s into valid objects',
    (overlay) => {
      const objects = render(overlay);
      for (const o of objects) {
        const Model = SCHEMAS[o.kind];
        if (Model) new Model(o as never).validate();
        else expect(o.apiVersion).toBe('cert-manager.io/v1');
      }
      const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
      expect(namespaces).toEqual(['gated']);
      const kinds = objects.map((o) => o.kind);
      expect(kinds).toContain('ValidatingWebhookConfiguration');
      expect(kinds.filter((k) => k === 'Deployment')).toHaveLength(2);
    },
  );

  const deploymentShape = z.object({
    spec: z.object({
      replicas: z.number(),
      template: z.object({
        spec: z.object({ containers: z.array(z.object({ image: z.string() })) }),
      }),
    }),
  });
  const ingressShape = z.object({
    spec: z.object({ tls: z.array(z.object({ hosts: z.array(z.string()) })) }),
  });

  it('evaluation swaps the images; production has 3 replicas of each and an Ingress with TLS', () => {
    const images = (objects: Obj[]) =>
      objects
        .filter((o) => o.kind === 'Deployment')
        .map((o) => {
          const d = deploymentShape.parse(o);
          return [d.spec.template.spec.containers[0]?.image, d.spec.replicas];
        });
    expect(images(render('evaluation'))).toEqual([
      ['registry.example.com/gated/control-plane:0.1.0', 2],
      ['registry.example.com/gated/gate:0.1.0', 2],
    ]);
    const production = render('production');
    expect(images(production)).toEqual([
      ['ghcr.io/gated/control-plane:0.1.0', 3],
      ['ghcr.io/gated/gate:0.1.0', 3],
    ]);
    const ingress = ingressShape.parse(production.find((o) => o.kind === 'Ingress'));
    expect(ingress.spec.tls[0]?.hosts).toEqual(['gated.example.com']);
  });

  it('registry overlays: each cloud annotates the gate service account; pull-secrets adds get-only RBAC', () => {
    type Gate = {
      metadata: { annotations?: Record<string, string> };
      spec: {
        template: {
          metadata: { labels: Record<string, string> };
          spec: {
            automountServiceAccountToken: boolean;
            containers: { env: { name: string }[] }[];
          };
        };
      };
      rules?: { verbs: string[]; resources: string[] }[];
    };
    const pick = (objects: Obj[], kind: string, name?: string): Gate => {
      const found: unknown = objects.find(
        (o) => o.kind === kind && (name === undefined || o.metadata.name === name),
      );
      return found as Gate;
    };
    const sa = (overlay: string) =>
      pick(render(overlay), 'ServiceAccount', 'defender-admission-controller-serviceaccount')
        .metadata.annotations;
    const gate = (overlay: string) => pick(render(overlay), 'Deployment', 'gated-gate');
    expect(sa('workload-identity-azure')).toEqual({
      'azure.workload.identity/client-id': '00000000-0000-0000-0000-000000000000',
    });
    expect(gate('workload-identity-azure').spec.template.metadata.labels).toMatchObject({
      'azure.workload.identity/use': 'true',
    });
    expect(sa('workload-identity-aws')).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/gated-gate',
    });
    expect(sa('workload-identity-gcp')).toEqual({
      'iam.gke.io/gcp-service-account': 'gated-gate@my-project.iam.gserviceaccount.com',
    });
    expect(
      gate('workload-identity-gcp').spec.template.spec.containers[0]?.env.map((e) => e.name),
    ).toContain('GATE_GAR_CREDENTIALS');
    const secrets = render('pull-secrets');
    expect(pick(secrets, 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] },
    ]);
    expect(pick(secrets, 'ClusterRoleBinding')).toBeDefined();
    expect(
      pick(secrets, 'Deployment', 'gated-gate').spec.template.spec.automountServiceAccountToken,
    ).toBe(true);
    // Only the pull-secrets overlay carries RBAC; the base has none.
    for (const overlay of ['evaluation', 'production', 'workload-identity-azure'])
      expect(render(overlay).filter((o) => o.kind.includes('Role'))).toEqual([]);
  });
});
