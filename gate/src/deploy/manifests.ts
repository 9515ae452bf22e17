/**
 * Install manifests as typed objects → one multi-document YAML (`gated-gate manifests | kubectl
 * apply -f -`). Every choice that decides what happens when the gate is down or slow
 * (failurePolicy, timeoutSeconds, namespaceSelector) is justified in
 * docs/decisions/002-webhook-failure-semantics.md; change them only with a reproducing test.
 */
import type { IValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import {
  excludedNamespaces,
  ManifestOptionsSchema,
  type ManifestOptions,
  type ManifestOptionsInput,
} from './manifest-options.js';
import { hardenedDeployment, httpProbe } from './hardened-deployment.js';
import { gateServiceAccount, pullSecretRbac } from './identity-manifests.js';
import { toKubeYaml } from './kube-yaml.js';
import { generateServingCertificate, type ServingCertificate } from './serving-certificate.js';

/** cert-manager's own kinds (CRDs, so not in kubernetes-models). */
export interface CertManagerObject {
  apiVersion: 'cert-manager.io/v1';
  kind: 'Issuer' | 'Certificate';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Record<string, unknown>;
}

export interface GateManifests {
  /** Null for the cluster's own namespaces (kube-system and the like): those exist already. */
  namespace: INamespace | null;
  serviceAccount: IServiceAccount;
  /** ClusterRole + binding for pull secrets, only with `allowSecretAccess`. */
  pullSecretRbac: [IClusterRole, IClusterRoleBinding] | [];
  tlsSecret: ISecret | null;
  certManager: CertManagerObject[];
  deployment: IDeployment;
  podDisruptionBudget: IPodDisruptionBudget;
  service: IService;
  webhook: IValidatingWebhookConfiguration;
}

const TLS_DIR = '/etc/gated/tls';
const POLICY_DIR = '/etc/gated/policy';

export function tlsSecretName(o: ManifestOptions): string {
  return `${o.name}-tls`;
}

function selector(o: ManifestOptions): Record<string, string> {
  return { 'app.kubernetes.io/name': 'gated-gate', 'app.kubernetes.io/instance': o.name };
}

function labels(o: ManifestOptions): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'gated-gate',
    'app.kubernetes.io/instance': o.name,
    'app.kubernetes.io/component': 'admission-webhook',
  };
}

function deployment(o: ManifestOptions): IDeployment {
  const timing = { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 };
  const env = [
    { name: 'GATE_PORT', value: '8443' },
    { name: 'GATE_TLS_CERT', value: `${TLS_DIR}/tls.crt` },
    { name: 'GATE_TLS_KEY', value: `${TLS_DIR}/tls.key` },
    { name: 'GATED_DATA_DIR', value: '/data' },
    { name: 'GATE_NAMESPACE', value: o.namespace },
    { name: 'GATE_SERVICE_ACCOUNT', value: o.serviceAccount },
    // Read reports attached to images in their registries (the policy's Registry Access toggle still decides).
    { name: 'GATE_REGISTRY_FINDINGS', value: 'on' },
    // Azure's and EKS's webhooks inject their own variables from the service account; GKE's
    // identity is the metadata server, which the gate asks only when told to.
    ...(o.gcpServiceAccount ? [{ name: 'GATE_GAR_CREDENTIALS', value: 'metadata' }] : []),
    ...(o.policyConfigMap
      ? [{ name: 'GATE_POLICY_FILE', value: `${POLICY_DIR}/policy.yaml` }]
      : []),
    ...(o.controlPlaneUrl
      ? [
          { name: 'GATE_CONTROL_PLANE_URL', value: o.controlPlaneUrl },
          {
            name: 'GATE_CLUSTER_TOKEN',
            valueFrom: { secretKeyRef: { name: o.tokenSecret, key: 'token' } },
          },
        ]
      : []),
  ];
  return hardenedDeployment({
    name: o.name,
    namespace: o.namespace,
    labels: labels(o),
    // Azure's webhook mutates only pods carrying this label (it projects its own token volume).
    podLabels: o.workloadIdentityClientId ? { 'azure.workload.identity/use': 'true' } : {},
    selector: selector(o),
    replicas: o.replicas,
    serviceAccountName: o.serviceAccount,
    // The API token is mounted only for the pull-secret reads; the clouds' tokens come projected.
    automountServiceAccountToken: o.allowSecretAccess,
    spreadOverZones: true,
    container: {
      name: 'gate',
      image: o.image,
      ports: [{ name: 'https', containerPort: 8443, protocol: 'TCP' }],
      env,
      readinessProbe: httpProbe('/readyz', 'https', 'HTTPS', timing),
      livenessProbe: { ...httpProbe('/healthz', 'https', 'HTTPS', timing), initialDelaySeconds: 5 },
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '1', memory: '512Mi' },
      },
      volumeMounts: [
        { name: 'tls', mountPath: TLS_DIR, readOnly: true },
        { name: 'data', mountPath: '/data' },
        { name: 'tmp', mountPath: '/tmp' },
        ...(o.policyConfigMap ? [{ name: 'policy', mountPath: POLICY_DIR, readOnly: true }] : []),
      ],
    },
    volumes: [
      { name: 'tls', secret: { secretName: tlsSecretName(o) } },
      // The event queue and findings snapshot live here: they survive a container restart
      // on the same node, not a reschedule (docs/install.md, "What survives a reschedule").
      { name: 'data', emptyDir: { sizeLimit: '64Mi' } },
      { name: 'tmp', emptyDir: { sizeLimit: '16Mi' } },
      ...(o.policyConfigMap ? [{ name: 'policy', configMap: { name: o.policyConfigMap } }] : []),
    ],
  });
}

function webhook(o: ManifestOptions, caBundle: string | null): IValidatingWebhookConfiguration {
  const rule = (apiGroups: string[], resources: string[]) => ({
    apiGroups,
    apiVersions: ['v1'],
    operations: ['CREATE' as const, 'UPDATE' as const],
    resources,
    scope: 'Namespaced' as const,
  });
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: {
      name: o.name,
      labels: labels(o),
      ...(o.tls === 'cert-manager'
        ? {
            annotations: { 'cert-manager.io/inject-ca-from': `${o.namespace}/${tlsSecretName(o)}` },
          }
        : {}),
    },
    webhooks: [
      {
        name: 'validate.gated.dev',
        admissionReviewVersions: ['v1'],
        clientConfig: {
          service: { name: o.name, namespace: o.namespace, path: '/validate', port: 443 },
          ...(caBundle ? { caBundle } : {}),
        },
        failurePolicy: o.failurePolicy,
        timeoutSeconds: o.timeoutSeconds,
        sideEffects: 'NoneOnDryRun',
        matchPolicy: 'Equivalent',
        namespaceSelector: {
          matchExpressions: [
            {
              key: 'kubernetes.io/metadata.name',
              operator: 'NotIn',
              values: excludedNamespaces(o.namespace),
            },
          ],
        },
        rules: [
          rule([''], ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers']),
          rule(['apps'], ['deployments', 'replicasets', 'statefulsets', 'daemonsets']),
          rule(['batch'], ['jobs', 'cronjobs']),
        ],
      },
    ],
  };
}

function certManagerObjects(o: ManifestOptions): CertManagerObject[] {
  const meta = (name: string) => ({ name, namespace: o.namespace, labels: labels(o) });
  return [
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: meta(`${o.name}-selfsigned`),
      spec: { selfSigned: {} },
    },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta(tlsSecretName(o)),
      spec: {
        secretName: tlsSecretName(o),
        dnsNames: serviceDnsNames(o),
        issuerRef: { name: `${o.name}-selfsigned`, kind: 'Issuer' },
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      },
    },
  ];
}

/** The names the API server uses to reach the Service. */
export function serviceDnsNames(o: ManifestOptions): string[] {
  return [`${o.name}.${o.namespace}.svc`, `${o.name}.${o.namespace}.svc.cluster.local`];
}

/** Builds every object; with `tls: generated` a CA and serving certificate are made (or passed in). */
export async function buildManifests(
  input: ManifestOptionsInput,
  certificate?: ServingCertificate,
): Promise<GateManifests> {
  const o = ManifestOptionsSchema.parse(input);
  const cert =
    o.tls === 'generated'
      ? (certificate ?? (await generateServingCertificate(serviceDnsNames(o))))
      : null;
  return {
    namespace: o.namespace.startsWith('kube-')
      ? null
      : { apiVersion: 'v1', kind: 'Namespace', metadata: { name: o.namespace } },
    serviceAccount: gateServiceAccount(o, labels(o)),
    pullSecretRbac: pullSecretRbac(o, labels(o)),
    tlsSecret: cert
      ? {
          apiVersion: 'v1',
          kind: 'Secret',
          type: 'kubernetes.io/tls',
          metadata: { name: tlsSecretName(o), namespace: o.namespace, labels: labels(o) },
          data: {
            'tls.crt': Buffer.from(cert.cert).toString('base64'),
            'tls.key': Buffer.from(cert.key).toString('base64'),
          },
        }
      : null,
    certManager: o.tls === 'cert-manager' ? certManagerObjects(o) : [],
    deployment: deployment(o),
    podDisruptionBudget: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: o.name, namespace: o.namespace, labels: labels(o) },
      spec: {
        minAvailable: 1,
        selector: { matchLabels: selector(o) },
      },
    },
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: o.name, namespace: o.namespace, labels: labels(o) },
      spec: {
        selector: selector(o),
        ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }],
      },
    },
    webhook: webhook(o, cert ? Buffer.from(cert.caCert).toString('base64') : null),
  };
}

/** Apply order: namespace and identity first, the webhook last (it must not point at a missing Service). */
export function manifestList(m: GateManifests): object[] {
  return [
    ...(m.namespace ? [m.namespace] : []),
    m.serviceAccount,
    ...m.pullSecretRbac,
    ...(m.tlsSecret ? [m.tlsSecret] : []),
    ...m.certManager,
    m.deployment,
    m.podDisruptionBudget,
    m.service,
    m.webhook,
  ];
}

export function toYaml(m: GateManifests): string {
  return toKubeYaml(manifestList(m));
}
