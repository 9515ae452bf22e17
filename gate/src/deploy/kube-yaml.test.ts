/**
 * The install YAML decodes to the same objects under YAML 1.1 (kubectl, via sigs.k8s.io/yaml) and
 * YAML 1.2, for every combination of options, and each object passes the Kubernetes schema.
 */
import { ValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ManifestOptionsInput } from './manifest-options.js';
import { isSafePlainString, toKubeYaml } from './kube-yaml.js';
import { buildManifests, manifestList, toYaml } from './manifests.js';
import { generateServingCertificate, type ServingCertificate } from './serving-certificate.js';

const SCHEMAS: Record<string, new (o: never) => { validate(): void }> = {
  Namespace,
  ServiceAccount,
  Secret,
  Deployment,
  PodDisruptionBudget,
  Service,
  ValidatingWebhookConfiguration,
  ClusterRole,
  ClusterRoleBinding,
};

/** What kubectl sees (YAML 1.1) and what a YAML 1.2 tool sees, as plain JSON values. */
function decodeBoth(text: string): { v11: unknown[]; v12: unknown[] } {
  const decode = (version: '1.1' | '1.2') =>
    parseAllDocuments(text, { version }).map((d) => {
      expect(d.errors).toEqual([]);
      return JSON.parse(JSON.stringify(d.toJS())) as unknown;
    });
  return { v11: decode('1.1'), v12: decode('1.2') };
}

function validateObject(o: unknown): void {
  const kind = (o as { kind?: string }).kind ?? '';
  const Model = SCHEMAS[kind];
  if (!Model) {
    // cert-manager kinds are CRDs: the schema check stops at apiVersion/kind/metadata.
    expect(o).toMatchObject({
      apiVersion: 'cert-manager.io/v1',
      metadata: { name: expect.any(String) as string },
    });
    return;
  }
  new Model(o as never).validate();
}

/** Values YAML 1.1 reads as non-strings, in every option that takes free text. */
const HOSTILE = ['on', 'y', 'no', 'off', 'null', '1e3', '0x1f', '0o17', '017', '12'];

let cert: ServingCertificate;
beforeAll(async () => {
  cert = await generateServingCertificate(['gated-gate.kube-system.svc']);
});

/** Registry identities and pull-secret access, alone and together. */
const IDENTITIES: ManifestOptionsInput[] = [
  {},
  { workloadIdentityClientId: '11111111-2222-3333-4444-555555555555' },
  { workloadIdentityClientId: '1e3' },
  { awsRoleArn: 'arn:aws:iam::123456789012:role/on', allowSecretAccess: true },
  { gcpServiceAccount: 'no@yes.iam.gserviceaccount.com' },
  {
    workloadIdentityClientId: 'y',
    awsRoleArn: 'arn:aws:iam::012345678901:role/gated/gate',
    gcpServiceAccount: 'gate@p-1.iam.gserviceaccount.com',
    allowSecretAccess: true,
  },
];

function combinations(): ManifestOptionsInput[] {
  const out: ManifestOptionsInput[] = [];
  for (const namespace of ['kube-system', 'gated', 'on', '0x1f'])
    for (const tls of ['generated', 'cert-manager'] as const)
      for (const failurePolicy of ['Ignore', 'Fail'] as const)
        for (const source of ['none', 'control-plane', 'configmap'] as const)
          for (const identity of IDENTITIES)
            out.push({
              namespace,
              tls,
              failurePolicy,
              ...identity,
              ...(source === 'control-plane'
                ? { controlPlaneUrl: 'https://gated.example', tokenSecret: 'yes' }
                : {}),
              ...(source === 'configmap' ? { policyConfigMap: 'off' } : {}),
            });
  return out;
}

describe('YAML 1.1 and 1.2 read the install manifests the same', () => {
  it('GATE_REGISTRY_FINDINGS stays the string "on" under YAML 1.1 (kubectl read it as true)', async () => {
    const { v11 } = decodeBoth(toYaml(await buildManifests({}, cert)));
    const deployment = v11.find((o) => (o as { kind: string }).kind === 'Deployment') as {
      spec: { template: { spec: { containers: { env: { name: string; value?: unknown }[] }[] } } };
    };
    const env = deployment.spec.template.spec.containers[0]?.env ?? [];
    expect(env.find((e) => e.name === 'GATE_REGISTRY_FINDINGS')?.value).toBe('on');
    for (const e of env) if ('value' in e) expect(typeof e.value).toBe('string');
  });

  it('emits no kube-system Namespace object, and a Namespace for its own namespace', async () => {
    const kinds = (yaml: string) => decodeBoth(yaml).v11.map((o) => (o as { kind: string }).kind);
    expect(kinds(toYaml(await buildManifests({}, cert)))).not.toContain('Namespace');
    const own = decodeBoth(toYaml(await buildManifests({ namespace: 'gated' }, cert))).v11[0];
    expect(own).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gated' } });
  });

  it.each(combinations().map((o) => [JSON.stringify(o), o] as const))(
    'decodes identically and validates: %s',
    async (_name, options) => {
      const m = await buildManifests(options, cert);
      const { v11, v12 } = decodeBoth(toYaml(m));
      expect(v11).toEqual(v12);
      // And both equal the typed objects the generator built.
      expect(v12).toEqual(JSON.parse(JSON.stringify(manifestList(m))));
      for (const o of v11) validateObject(o);
    },
  );

  it('free-text options that YAML 1.1 would read as bool/number/null come back as strings', async () => {
    for (const value of HOSTILE) {
      const m = await buildManifests(
        { name: value.replace(/[^a-z0-9]/g, 'x'), workloadIdentityClientId: value, image: value },
        cert,
      );
      const { v11, v12 } = decodeBoth(toYaml(m));
      expect(v11).toEqual(v12);
      const sa = v11.find((o) => (o as { kind: string }).kind === 'ServiceAccount') as {
        metadata: { annotations: Record<string, unknown> };
      };
      expect(sa.metadata.annotations['azure.workload.identity/client-id']).toBe(value);
    }
  });

  it('quotes keys too, and leaves ordinary strings plain', () => {
    const text = toKubeYaml([{ data: { on: 'y', plain: 'gated-gate', when: '2001-12-14' } }]);
    expect(text).toContain('"on": "y"');
    expect(text).toContain('plain: gated-gate');
    expect(text).toContain('when: "2001-12-14"');
    expect(isSafePlainString('gated-gate')).toBe(true);
    for (const v of ['on', 'Y', 'NO', '1_000', '0x1F', '1:20', '~', '<<', '', '.inf', '2001-12-14'])
      expect(isSafePlainString(v), v).toBe(false);
  });
});
