/**
 * Control plane install objects: the Kubernetes schemas accept them, and the YAML decodes the same
 * under YAML 1.1 (kubectl) and 1.2 for every option combination.
 */
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import {
  buildManifests,
  hardenedContainerSecurityContext,
  hardenedPodSecurityContext,
} from '@gated/gate/deploy';
import { describe, expect, it } from 'vitest';
import {
  buildControlPlaneManifests,
  controlPlaneList,
  controlPlaneYaml,
} from './control-plane-manifests.js';
import type { ControlPlaneOptionsInput } from './control-plane-options.js';
import { parseManifestFlags } from './deploy-cli.js';
import { decodeBoth } from '../testing/kube-decode.js';

const SCHEMAS: Record<string, new (o: never) => { validate(): void }> = {
  Namespace,
  ServiceAccount,
  Deployment,
  PodDisruptionBudget,
  Service,
  Ingress,
};

function validate(o: unknown): void {
  const kind = (o as { kind: string }).kind;
  const Model = SCHEMAS[kind];
  if (!Model) throw new Error(`no schema for ${kind}`);
  new Model(o as never).validate();
}

function combinations(): ControlPlaneOptionsInput[] {
  const out: ControlPlaneOptionsInput[] = [];
  for (const namespace of ['gated', 'on', 'kube-system'])
    for (const image of ['ghcr.io/gated/control-plane:0.1.0', '1e3', 'yes'])
      for (const ingressHost of [undefined, 'gated.example.com'])
        for (const ingressClassName of [undefined, 'off'])
          for (const secretName of ['gated-control-plane', 'null'])
            out.push({ namespace, image, ingressHost, ingressClassName, secretName });
  return out;
}

describe('control plane manifests', () => {
  it('defaults: 2 hardened replicas, Secret refs, probes, resources, writable emptyDirs, no Ingress', () => {
    const m = buildControlPlaneManifests({});
    for (const o of controlPlaneList(m)) validate(o);
    expect(m.namespace?.metadata?.name).toBe('gated');
    expect(m.ingress).toBeNull();
    const spec = m.deployment.spec;
    expect(spec?.replicas).toBe(2);
    const pod = spec?.template.spec;
    expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    const c = pod?.containers[0];
    expect(c?.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(c?.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
    expect(c?.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(c?.resources?.requests).toEqual({ cpu: '100m', memory: '256Mi' });
    const env = Object.fromEntries((c?.env ?? []).map((e) => [e.name, e]));
    expect(env.DATABASE_URL?.valueFrom?.secretKeyRef).toEqual({
      name: 'gated-control-plane',
      key: 'database-url',
      optional: false,
    });
    expect(env.GATED_ADMIN_PASSWORD?.valueFrom?.secretKeyRef?.key).toBe('admin-password');
    expect(env.GATED_READER_PASSWORD?.valueFrom?.secretKeyRef?.key).toBe('reader-password');
    expect(env.GATED_OIDC_CLIENT_SECRET?.valueFrom?.secretKeyRef).toEqual({
      name: 'gated-control-plane',
      key: 'oidc-client-secret',
      optional: true,
    });
    expect(env.GATED_BUILTIN_ACCOUNTS?.valueFrom?.secretKeyRef?.key).toBe('builtin-accounts');
    expect(c?.volumeMounts?.map((v) => v.mountPath)).toEqual(['/data', '/tmp']);
    expect(pod?.volumes?.every((v) => v.emptyDir)).toBe(true);
    expect(m.podDisruptionBudget.spec?.minAvailable).toBe(1);
    expect(m.service.spec?.ports?.[0]).toMatchObject({ port: 8080, targetPort: 'http' });
  });

  it('--ingress-host adds an Ingress with TLS, the public URL and Secure cookies', () => {
    const m = buildControlPlaneManifests(
      parseManifestFlags(['--ingress-host', 'gated.example.com', '--replicas', '3']),
    );
    expect(m.deployment.spec?.replicas).toBe(3);
    expect(m.ingress?.spec?.tls).toEqual([
      { hosts: ['gated.example.com'], secretName: 'gated-control-plane-tls' },
    ]);
    const env = m.deployment.spec?.template.spec?.containers[0]?.env ?? [];
    expect(env.find((e) => e.name === 'GATED_PUBLIC_URL')?.value).toBe('https://gated.example.com');
    expect(env.find((e) => e.name === 'GATED_SECURE_COOKIES')?.value).toBe('1');
  });

  it('refuses one replica, a bad host and unknown flags', () => {
    expect(() => buildControlPlaneManifests({ replicas: 1 })).toThrow(/At least 2 replicas/);
    expect(() => buildControlPlaneManifests({ ingressHost: 'http://x' })).toThrow(/DNS host/);
    expect(() => parseManifestFlags(['--replica', '3'])).toThrow(/Unknown flag --replica/);
    expect(() => parseManifestFlags(['--image'])).toThrow(/--image needs a value/);
  });

  it('emits no kube-system Namespace object', () => {
    const m = buildControlPlaneManifests({ namespace: 'kube-system' });
    expect(controlPlaneList(m).map((o) => (o as { kind: string }).kind)).not.toContain('Namespace');
  });

  it.each(combinations().map((o) => [JSON.stringify(o), o] as const))(
    'YAML 1.1 and 1.2 read the same objects: %s',
    (_name, options) => {
      const m = buildControlPlaneManifests(options);
      const { v11, v12 } = decodeBoth(controlPlaneYaml(m));
      expect(v11).toEqual(v12);
      expect(v12).toEqual(JSON.parse(JSON.stringify(controlPlaneList(m))));
      for (const o of v11) validate(o);
    },
  );

  it('shares the pod hardening with the gate: one builder, the same securityContexts and rollout', async () => {
    const cp = buildControlPlaneManifests({}).deployment.spec;
    const gate = (await buildManifests({ tls: 'cert-manager' })).deployment.spec;
    for (const spec of [cp, gate]) {
      expect(spec?.template.spec?.securityContext).toEqual(hardenedPodSecurityContext());
      expect(spec?.template.spec?.containers[0]?.securityContext).toEqual(
        hardenedContainerSecurityContext(),
      );
      expect(spec?.strategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
      });
    }
    expect(hardenedPodSecurityContext()).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(hardenedContainerSecurityContext()).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });
});
