/** The generated install manifests, validated against the Kubernetes schemas (kubernetes-models). */
import { ValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { X509Certificate } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../cli.js';
import { buildManifests, toYaml, type GateManifests } from './manifests.js';
import { generateServingCertificate, type ServingCertificate } from './serving-certificate.js';

let cert: ServingCertificate;
beforeAll(async () => {
  cert = await generateServingCertificate(['gated-gate.kube-system.svc']);
});

function validateAll(m: GateManifests): void {
  if (m.namespace) new Namespace(m.namespace).validate();
  new ServiceAccount(m.serviceAccount).validate();
  const [role, binding] = m.pullSecretRbac;
  if (role) new ClusterRole(role).validate();
  if (binding) new ClusterRoleBinding(binding).validate();
  if (m.tlsSecret) new Secret(m.tlsSecret).validate();
  new Deployment(m.deployment).validate();
  new PodDisruptionBudget(m.podDisruptionBudget).validate();
  new Service(m.service).validate();
  new ValidatingWebhookConfiguration(m.webhook).validate();
}

describe('install manifests', () => {
  it('defaults: seed 000 service account in kube-system, 2 hardened replicas, Ignore, 3 s, NoneOnDryRun, Equivalent', async () => {
    const m = await buildManifests({}, cert);
    validateAll(m);
    expect(m.serviceAccount.metadata).toMatchObject({
      name: 'defender-admission-controller-serviceaccount',
      namespace: 'kube-system',
    });
    const spec = m.deployment.spec;
    expect(spec?.replicas).toBe(2);
    const pod = spec?.template.spec;
    expect(pod?.serviceAccountName).toBe('defender-admission-controller-serviceaccount');
    expect(
      pod?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.[0]
        ?.podAffinityTerm.topologyKey,
    ).toBe('kubernetes.io/hostname');
    const c = pod?.containers[0];
    expect(c?.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    expect(c?.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(c?.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(c?.resources?.requests).toBeDefined();
    expect(c?.resources?.limits).toBeDefined();
    expect(m.podDisruptionBudget.spec?.minAvailable).toBe(1);

    const hook = m.webhook.webhooks?.[0];
    expect(hook).toMatchObject({
      failurePolicy: 'Ignore',
      timeoutSeconds: 3,
      sideEffects: 'NoneOnDryRun',
      matchPolicy: 'Equivalent',
      admissionReviewVersions: ['v1'],
    });
    expect(hook?.clientConfig.service).toMatchObject({
      name: 'gated-gate',
      namespace: 'kube-system',
      path: '/validate',
    });
    expect(hook?.namespaceSelector?.matchExpressions?.[0]).toEqual({
      key: 'kubernetes.io/metadata.name',
      operator: 'NotIn',
      values: ['kube-system', 'kube-public', 'kube-node-lease'],
    });
    const resources = hook?.rules?.flatMap((r) => r.resources ?? []).sort();
    expect(resources).toEqual(
      [
        'cronjobs',
        'daemonsets',
        'deployments',
        'jobs',
        'pods',
        'pods/ephemeralcontainers',
        'replicasets',
        'replicationcontrollers',
        'statefulsets',
      ].sort(),
    );
    expect(hook?.rules?.every((r) => JSON.stringify(r.operations) === '["CREATE","UPDATE"]')).toBe(
      true,
    );
  });

  it('inlines the generated CA as caBundle, and the serving certificate it signed is for the Service name', async () => {
    const m = await buildManifests({}, cert);
    const ca = new X509Certificate(
      Buffer.from(m.webhook.webhooks?.[0]?.clientConfig.caBundle ?? '', 'base64'),
    );
    const leaf = new X509Certificate(Buffer.from(m.tlsSecret?.data?.['tls.crt'] ?? '', 'base64'));
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toContain('gated-gate.kube-system.svc');
    expect(ca.ca).toBe(true);
  });

  it('takes the CLI flags: namespace, replicas, image, Fail, control plane, cert-manager, workload identity', async () => {
    const command = parseCommand([
      'manifests',
      '--namespace',
      'gated',
      '--replicas',
      '3',
      '--image',
      'registry.example/gate:1.2',
      '--failure-policy',
      'Fail',
      '--control-plane-url',
      'https://gated.example',
      '--tls',
      'cert-manager',
      '--workload-identity-client-id',
      '11111111-2222-3333-4444-555555555555',
    ]);
    expect(command.command).toBe('manifests');
    if (command.command !== 'manifests') return;
    const m = await buildManifests(command.options);
    validateAll(m);
    expect(m.deployment.spec?.replicas).toBe(3);
    expect(m.deployment.spec?.template.spec?.containers[0]?.image).toBe(
      'registry.example/gate:1.2',
    );
    expect(m.deployment.spec?.template.metadata?.labels?.['azure.workload.identity/use']).toBe(
      'true',
    );
    expect(m.serviceAccount.metadata?.annotations?.['azure.workload.identity/client-id']).toBe(
      '11111111-2222-3333-4444-555555555555',
    );
    const env = m.deployment.spec?.template.spec?.containers[0]?.env ?? [];
    expect(env.find((e) => e.name === 'GATE_CONTROL_PLANE_URL')?.value).toBe(
      'https://gated.example',
    );
    expect(env.find((e) => e.name === 'GATE_CLUSTER_TOKEN')?.valueFrom?.secretKeyRef?.name).toBe(
      'gated-gate-token',
    );
    expect(env.find((e) => e.name === 'GATE_NAMESPACE')?.value).toBe('gated');
    const hook = m.webhook.webhooks?.[0];
    expect(hook?.failurePolicy).toBe('Fail');
    expect(hook?.namespaceSelector?.matchExpressions?.[0]?.values).toContain('gated');
    expect(m.webhook.metadata?.annotations?.['cert-manager.io/inject-ca-from']).toBe(
      'gated/gated-gate-tls',
    );
    expect(m.tlsSecret).toBeNull();
    expect(m.certManager.map((o) => o.kind)).toEqual(['Issuer', 'Certificate']);
  });

  it('refuses fewer than 2 replicas and unknown failure policies', async () => {
    await expect(buildManifests({ replicas: 1 }, cert)).rejects.toThrow(/At least 2 replicas/);
    await expect(buildManifests({ failurePolicy: 'Sometimes' as 'Fail' }, cert)).rejects.toThrow();
  });

  it('prints one multi-document YAML, webhook last', async () => {
    const docs = parseAllDocuments(toYaml(await buildManifests({}, cert))).map(
      (d) => d.toJS() as { kind: string },
    );
    expect(docs.map((d) => d.kind)).toEqual([
      'ServiceAccount',
      'Secret',
      'Deployment',
      'PodDisruptionBudget',
      'Service',
      'ValidatingWebhookConfiguration',
    ]);
  });

  it('registry identities: one service account annotation per cloud, driven by the flags', async () => {
    const command = parseCommand([
      'manifests',
      '--workload-identity-client-id',
      '11111111-2222-3333-4444-555555555555',
      '--aws-role-arn',
      'arn:aws:iam::123456789012:role/gated-gate',
      '--gcp-service-account',
      'gated-gate@prod-1.iam.gserviceaccount.com',
    ]);
    if (command.command !== 'manifests') throw new Error(command.command);
    const m = await buildManifests(command.options, cert);
    validateAll(m);
    expect(m.serviceAccount.metadata?.annotations).toEqual({
      'azure.workload.identity/client-id': '11111111-2222-3333-4444-555555555555',
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/gated-gate',
      'iam.gke.io/gcp-service-account': 'gated-gate@prod-1.iam.gserviceaccount.com',
    });
    const pod = m.deployment.spec?.template;
    expect(pod?.metadata?.labels?.['azure.workload.identity/use']).toBe('true');
    const env = pod?.spec?.containers[0]?.env ?? [];
    expect(env.find((e) => e.name === 'GATE_GAR_CREDENTIALS')?.value).toBe('metadata');
    // The clouds' webhooks project their own tokens: no Kubernetes API token without secret access.
    expect(pod?.spec?.automountServiceAccountToken).toBe(false);
    expect(m.pullSecretRbac).toEqual([]);
    // Without identity flags: no annotations, no label, no Google mode.
    const plain = await buildManifests({}, cert);
    expect(plain.serviceAccount.metadata?.annotations).toBeUndefined();
    expect(plain.deployment.spec?.template.metadata?.labels).not.toHaveProperty(
      'azure.workload.identity/use',
    );
    expect(
      plain.deployment.spec?.template.spec?.containers[0]?.env?.map((e) => e.name),
    ).not.toContain('GATE_GAR_CREDENTIALS');
  });

  it('refuses identity values that are not an IAM role ARN or a Google service account', async () => {
    await expect(buildManifests({ awsRoleArn: 'gate-role' }, cert)).rejects.toThrow(/IAM role ARN/);
    await expect(buildManifests({ gcpServiceAccount: 'gate@example.com' }, cert)).rejects.toThrow(
      /Google service account/,
    );
  });

  it('--allow-secret-access: a ClusterRole with only get on secrets and serviceaccounts, bound to the gate', async () => {
    const command = parseCommand(['manifests', '--namespace', 'gated', '--allow-secret-access']);
    if (command.command !== 'manifests') throw new Error(command.command);
    const m = await buildManifests(command.options, cert);
    validateAll(m);
    const [role, binding] = m.pullSecretRbac;
    expect(role?.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] },
    ]);
    const verbs = (role?.rules ?? []).flatMap((r) => r.verbs);
    for (const verb of ['list', 'watch', '*', 'create', 'update', 'patch', 'delete'])
      expect(verbs).not.toContain(verb);
    expect(binding?.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role?.metadata?.name,
    });
    expect(binding?.subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: 'defender-admission-controller-serviceaccount',
        namespace: 'gated',
      },
    ]);
    expect(m.deployment.spec?.template.spec?.automountServiceAccountToken).toBe(true);
    const kinds = parseAllDocuments(toYaml(m)).map((d) => (d.toJS() as { kind: string }).kind);
    // RBAC before the Deployment, so the first pod can already read.
    expect(kinds.indexOf('ClusterRoleBinding')).toBeLessThan(kinds.indexOf('Deployment'));
  });

  it('without --allow-secret-access there is no RBAC object at all', async () => {
    const kinds = parseAllDocuments(toYaml(await buildManifests({}, cert))).map(
      (d) => (d.toJS() as { kind: string }).kind,
    );
    expect(kinds.filter((k) => /Role/.test(k))).toEqual([]);
  });
});
