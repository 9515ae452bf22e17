/**
 * Command-line parsing for main.ts: `[serve] [--policy-file F]`, `manifests [--flags]`,
 * `evaluate [--flags] PATH...` (parsed by cli/evaluate/, which owns its exit status), `--help`.
 */
import { parseArgs } from 'node:util';
import { envHelp } from './env.js';
import type { ManifestOptionsInput } from './deploy/manifest-options.js';

export type Command =
  | { command: 'help' }
  | { command: 'serve'; policyFile: string | undefined }
  | { command: 'manifests'; options: ManifestOptionsInput }
  | { command: 'evaluate'; args: string[] };

export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === 'evaluate') return { command: 'evaluate', args: rest };
  if (first === 'manifests') {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        namespace: { type: 'string' },
        name: { type: 'string' },
        'service-account': { type: 'string' },
        replicas: { type: 'string' },
        image: { type: 'string' },
        'failure-policy': { type: 'string' },
        'timeout-seconds': { type: 'string' },
        'control-plane-url': { type: 'string' },
        'token-secret': { type: 'string' },
        'policy-configmap': { type: 'string' },
        tls: { type: 'string' },
        'workload-identity-client-id': { type: 'string' },
        'aws-role-arn': { type: 'string' },
        'gcp-service-account': { type: 'string' },
        'allow-secret-access': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) return { command: 'help' };
    const options: Record<string, string | boolean> = {};
    const map: Record<string, string> = {
      namespace: 'namespace',
      name: 'name',
      'service-account': 'serviceAccount',
      replicas: 'replicas',
      image: 'image',
      'failure-policy': 'failurePolicy',
      'timeout-seconds': 'timeoutSeconds',
      'control-plane-url': 'controlPlaneUrl',
      'token-secret': 'tokenSecret',
      'policy-configmap': 'policyConfigMap',
      tls: 'tls',
      'workload-identity-client-id': 'workloadIdentityClientId',
      'aws-role-arn': 'awsRoleArn',
      'gcp-service-account': 'gcpServiceAccount',
    };
    for (const [flag, key] of Object.entries(map)) {
      const v = values[flag as keyof typeof values];
      if (typeof v === 'string') options[key] = v;
    }
    if (values['allow-secret-access']) options.allowSecretAccess = true;
    return { command: 'manifests', options };
  }
  const args = first === 'serve' ? rest : argv;
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: { 'policy-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return { command: 'help' };
  return { command: 'serve', policyFile: values['policy-file'] };
}

export function usage(): string {
  return `gated-gate: Kubernetes validating admission webhook

Usage:
  gated-gate [serve] [--policy-file FILE]   serve POST /validate over HTTPS (default)
  gated-gate manifests [flags]              print install YAML (kubectl apply -f -)
    --namespace NS (kube-system)  --name NAME (gated-gate)  --replicas N (2)  --image REF
    --failure-policy Ignore|Fail (Ignore)  --timeout-seconds N (3)  --control-plane-url URL
    --token-secret NAME (gated-gate-token)  --policy-configmap NAME  --tls generated|cert-manager
    --service-account NAME (defender-admission-controller-serviceaccount)
    --workload-identity-client-id GUID   Azure workload identity (ACR), labels the pods
    --aws-role-arn ARN                   EKS IRSA role (ECR)
    --gcp-service-account EMAIL          GKE Workload Identity (Artifact Registry, gcr.io)
    --allow-secret-access                RBAC to get pull secrets and service accounts
                                         (match the cluster's securityGating.allowSecretAccess)
  gated-gate evaluate [flags] PATH...       decide manifests offline as the gate would (evaluate --help)
  gated-gate --help

Environment:
${envHelp()}
`;
}
