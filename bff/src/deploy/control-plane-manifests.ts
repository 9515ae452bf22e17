/**
 * Control plane install objects (the BFF serving the portal) as typed kubernetes-models objects;
 * YAML through the gate's emitter, so every string reads the same under YAML 1.1 and 1.2.
 */
import { hardenedDeployment, httpProbe, toKubeYaml } from '@gated/gate/deploy';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import {
  ControlPlaneOptionsSchema,
  type ControlPlaneOptions,
  type ControlPlaneOptionsInput,
} from './control-plane-options.js';

export interface ControlPlaneManifests {
  namespace: INamespace | null;
  serviceAccount: IServiceAccount;
  deployment: IDeployment;
  podDisruptionBudget: IPodDisruptionBudget;
  service: IService;
  ingress: IIngress | null;
}

const PORT = 8080;
const OIDC_KEYS = [
  ['GATED_OIDC_ISSUER', 'oidc-issuer'],
  ['GATED_OIDC_CLIENT_ID', 'oidc-client-id'],
  ['GATED_OIDC_CLIENT_SECRET', 'oidc-client-secret'],
  ['GATED_OIDC_SCOPES', 'oidc-scopes'],
  ['GATED_OIDC_GROUPS_CLAIM', 'oidc-groups-claim'],
  ['GATED_OIDC_ADMIN_GROUPS', 'oidc-admin-groups'],
  ['GATED_OIDC_READER_GROUPS', 'oidc-reader-groups'],
  ['GATED_OIDC_PROVIDER_NAME', 'oidc-provider-name'],
  ['GATED_BUILTIN_ACCOUNTS', 'builtin-accounts'],
] as const;

function selector(o: ControlPlaneOptions): Record<string, string> {
  return { 'app.kubernetes.io/name': 'gated-control-plane', 'app.kubernetes.io/instance': o.name };
}

function labels(o: ControlPlaneOptions): Record<string, string> {
  return { ...selector(o), 'app.kubernetes.io/component': 'control-plane' };
}

function secretEnv(o: ControlPlaneOptions, name: string, key: string, optional: boolean) {
  return { name, valueFrom: { secretKeyRef: { name: o.secretName, key, optional } } };
}

function deployment(o: ControlPlaneOptions): IDeployment {
  const timing = { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 };
  const env = [
    { name: 'HOST', value: '0.0.0.0' },
    { name: 'PORT', value: String(PORT) },
    { name: 'GATED_DATA_DIR', value: '/data' },
    { name: 'LOG_LEVEL', value: 'info' },
    secretEnv(o, 'DATABASE_URL', 'database-url', false),
    secretEnv(o, 'GATED_ADMIN_PASSWORD', 'admin-password', true),
    secretEnv(o, 'GATED_READER_PASSWORD', 'reader-password', true),
    // Single sign-on (docs/decisions/110-single-sign-on.md): each key optional, unset when absent.
    ...OIDC_KEYS.map(([name, key]) => secretEnv(o, name, key, true)),
    ...(o.ingressHost
      ? [
          { name: 'GATED_PUBLIC_URL', value: `https://${o.ingressHost}` },
          { name: 'GATED_SECURE_COOKIES', value: '1' },
        ]
      : []),
  ];
  // The gate's builder (@gated/gate/deploy): one pod hardening for both installs.
  return hardenedDeployment({
    name: o.name,
    namespace: o.namespace,
    labels: labels(o),
    selector: selector(o),
    replicas: o.replicas,
    serviceAccountName: o.name,
    automountServiceAccountToken: false,
    container: {
      name: 'control-plane',
      image: o.image,
      ports: [{ name: 'http', containerPort: PORT, protocol: 'TCP' }],
      env,
      // Migrations run at start under an advisory lock; readiness waits for them.
      startupProbe: { ...httpProbe('/healthz', 'http', 'HTTP', timing), failureThreshold: 30 },
      readinessProbe: httpProbe('/readyz', 'http', 'HTTP', timing),
      livenessProbe: httpProbe('/healthz', 'http', 'HTTP', timing),
      resources: {
        requests: { cpu: '100m', memory: '256Mi' },
        limits: { cpu: '1', memory: '1Gi' },
      },
      volumeMounts: [
        { name: 'data', mountPath: '/data' },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    },
    // The store is PostgreSQL (DATABASE_URL); /data only holds scratch files.
    volumes: [
      { name: 'data', emptyDir: { sizeLimit: '256Mi' } },
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
    ],
  });
}

function ingress(o: ControlPlaneOptions): IIngress | null {
  if (!o.ingressHost) return null;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: o.name, namespace: o.namespace, labels: labels(o) },
    spec: {
      ...(o.ingressClassName ? { ingressClassName: o.ingressClassName } : {}),
      tls: [{ hosts: [o.ingressHost], secretName: o.ingressTlsSecret ?? `${o.name}-tls` }],
      rules: [
        {
          host: o.ingressHost,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: o.name, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  };
}

export function buildControlPlaneManifests(input: ControlPlaneOptionsInput): ControlPlaneManifests {
  const o = ControlPlaneOptionsSchema.parse(input);
  const meta = { name: o.name, namespace: o.namespace, labels: labels(o) };
  return {
    namespace: o.namespace.startsWith('kube-')
      ? null
      : { apiVersion: 'v1', kind: 'Namespace', metadata: { name: o.namespace } },
    serviceAccount: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta },
    deployment: deployment(o),
    podDisruptionBudget: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta,
      spec: { minAvailable: 1, selector: { matchLabels: selector(o) } },
    },
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta,
      spec: {
        selector: selector(o),
        ports: [{ name: 'http', port: PORT, targetPort: 'http', protocol: 'TCP' }],
      },
    },
    ingress: ingress(o),
  };
}

export function controlPlaneList(m: ControlPlaneManifests): object[] {
  return [
    ...(m.namespace ? [m.namespace] : []),
    m.serviceAccount,
    m.deployment,
    m.podDisruptionBudget,
    m.service,
    ...(m.ingress ? [m.ingress] : []),
  ];
}

export function controlPlaneYaml(m: ControlPlaneManifests): string {
  return toKubeYaml(controlPlaneList(m));
}
