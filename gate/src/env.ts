/**
 * The gate's configuration: the only file that reads `process.env`
 * (docs/conventions.md#env-read-once). Parsed once with zod; a bad value fails fast with every
 * problem listed. `--help` prints `ENV_HELP`.
 */
import { z } from 'zod';

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const list = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  );
const optionalText = z
  .string()
  .optional()
  .transform((s) => (s && s.trim().length > 0 ? s.trim() : undefined));

export const GateEnvSchema = z.object({
  GATE_PORT: int(8443, 0, 65535),
  GATE_HOST: z.string().default('0.0.0.0'),
  GATE_TLS_CERT: optionalText,
  GATE_TLS_KEY: optionalText,
  GATE_CONTROL_PLANE_URL: optionalText.pipe(z.url().optional()),
  GATE_CLUSTER_TOKEN: optionalText,
  GATE_POLICY_FILE: optionalText,
  GATED_DATA_DIR: z.string().default('./data'),
  GATE_INSECURE_REGISTRIES: list,
  GATE_ALLOWED_PRIVATE_REGISTRIES: list,
  GATE_FINDINGS_BUDGET_MS: int(200, 1, 60_000),
  GATE_FINDINGS_TAG_TTL_S: int(60, 1, 86_400),
  GATE_FINDINGS_TTL_S: int(900, 1, 604_800),
  GATE_FINDINGS_CACHE_SIZE: int(200_000, 100, 10_000_000),
  GATE_EVENT_QUEUE_SIZE: int(10_000, 1, 1_000_000),
  GATE_EVENT_QUEUE_BYTES: int(32 * 1024 * 1024, 1024 * 1024, 4 * 1024 * 1024 * 1024),
  GATE_FINDINGS_SNAPSHOT_BYTES: int(16 * 1024 * 1024, 0, 1024 * 1024 * 1024),
  GATE_FINDINGS_SNAPSHOT_S: int(30, 1, 3600),
  GATE_FINDINGS_SNAPSHOT_MAX_AGE_S: int(7 * 86_400, 60, 90 * 86_400),
  GATE_EVENT_BATCH_SIZE: int(100, 1, 500),
  GATE_EVENT_FLUSH_MS: int(1000, 10, 60_000),
  GATE_TIMEOUT_MS: int(2500, 10, 30_000),
  GATE_MAX_BODY_BYTES: int(3 * 1024 * 1024, 1024, 64 * 1024 * 1024),
  GATE_POLICY_WAIT_S: int(25, 0, 300),
  GATE_NAMESPACE: z.string().default('kube-system'),
  GATE_SERVICE_ACCOUNT: z.string().default('defender-admission-controller-serviceaccount'),
  GATE_CLUSTER_NAME: z.string().default('standalone'),
  GATE_ENVIRONMENT_ID: z.string().default('standalone'),
  GATE_REGISTRY_FINDINGS: z.enum(['on', 'off']).default('off'),
  AZURE_TENANT_ID: optionalText,
  AZURE_CLIENT_ID: optionalText,
  AZURE_FEDERATED_TOKEN_FILE: optionalText,
  AZURE_AUTHORITY_HOST: optionalText,
  GATE_ACR_EXCHANGE_URL: optionalText.pipe(z.url().optional()),
  AWS_ROLE_ARN: optionalText,
  AWS_WEB_IDENTITY_TOKEN_FILE: optionalText,
  AWS_REGION: optionalText,
  AWS_ENDPOINT_URL_STS: optionalText.pipe(z.url().optional()),
  AWS_ENDPOINT_URL_ECR: optionalText.pipe(z.url().optional()),
  GATE_ECR_REGISTRIES: list,
  GATE_GAR_CREDENTIALS: z.enum(['off', 'metadata', 'external-account']).default('off'),
  GCE_METADATA_HOST: optionalText,
  GOOGLE_APPLICATION_CREDENTIALS: optionalText,
  GATE_GAR_REGISTRIES: list,
  KUBERNETES_SERVICE_HOST: optionalText,
  KUBERNETES_SERVICE_PORT: optionalText,
  GATE_KUBERNETES_API_URL: optionalText.pipe(z.url().optional()),
  GATE_KUBERNETES_TOKEN_FILE: z
    .string()
    .default('/var/run/secrets/kubernetes.io/serviceaccount/token'),
  GATE_KUBERNETES_CA_FILE: z
    .string()
    .default('/var/run/secrets/kubernetes.io/serviceaccount/ca.crt'),
  GATE_PULL_SECRET_TTL_S: int(60, 1, 3600),
  GATE_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
});
export type GateEnv = z.infer<typeof GateEnvSchema>;

/** Every variable with its meaning and default, for `--help`. */
export const ENV_HELP: readonly [name: keyof GateEnv, meaning: string][] = [
  ['GATE_PORT', 'HTTPS port (8443)'],
  ['GATE_HOST', 'listen address (0.0.0.0)'],
  [
    'GATE_TLS_CERT',
    'PEM certificate file; reloaded when it changes (none: a self-signed one for local use)',
  ],
  ['GATE_TLS_KEY', 'PEM private key file matching GATE_TLS_CERT'],
  ['GATE_CONTROL_PLANE_URL', 'BFF base URL: policy long-poll, findings lookups, event delivery'],
  ['GATE_CLUSTER_TOKEN', "this cluster's gate token (Bearer) for the control plane"],
  [
    'GATE_POLICY_FILE',
    'standalone policy: a rule-export YAML (also --policy-file); reloaded when it changes',
  ],
  [
    'GATED_DATA_DIR',
    'data folder, writable and kept across restarts: last good policy (gate-policy.json), findings snapshot (gate-findings.jsonl), event queue (events/) (./data)',
  ],
  [
    'GATE_INSECURE_REGISTRIES',
    'registries (host:port, comma-separated) reached over plain HTTP; also allowed to be internal',
  ],
  [
    'GATE_ALLOWED_PRIVATE_REGISTRIES',
    'registries and token realms (host:port, comma-separated) that may resolve to loopback, private, link-local or metadata addresses; all others are refused before connecting',
  ],
  [
    'GATE_FINDINGS_BUDGET_MS',
    'time budget of a findings lookup; slower = findings unavailable (200)',
  ],
  ['GATE_FINDINGS_TAG_TTL_S', 'cache lifetime of a tag → digest answer (60)'],
  ['GATE_FINDINGS_TTL_S', 'cache lifetime of a digest → findings answer (900)'],
  ['GATE_FINDINGS_CACHE_SIZE', 'cache entries kept, least recently used evicted (200000)'],
  [
    'GATE_EVENT_QUEUE_SIZE',
    'events held (on disk) while the control plane is unreachable; oldest dropped and counted beyond (10000)',
  ],
  [
    'GATE_EVENT_QUEUE_BYTES',
    'bytes of events held on disk; oldest dropped and counted beyond (33554432 = 32 MiB)',
  ],
  [
    'GATE_FINDINGS_SNAPSHOT_BYTES',
    'size bound of the findings snapshot kept for restarts in an outage; 0 = none (16777216 = 16 MiB)',
  ],
  ['GATE_FINDINGS_SNAPSHOT_S', 'how often the findings snapshot is saved when it changed (30)'],
  [
    'GATE_FINDINGS_SNAPSHOT_MAX_AGE_S',
    'answers older than this are not kept in or restored from the snapshot (604800 = 7 days)',
  ],
  ['GATE_EVENT_BATCH_SIZE', 'events per POST /gate/events (100, max 500)'],
  ['GATE_EVENT_FLUSH_MS', 'how often queued events are sent (1000)'],
  [
    'GATE_TIMEOUT_MS',
    'guard on one admission; beyond it the gate answers 500 and failurePolicy decides (2500)',
  ],
  [
    'GATE_MAX_BODY_BYTES',
    'largest request body read, whatever its framing; beyond it 413 and the connection is closed (3145728)',
  ],
  ['GATE_POLICY_WAIT_S', 'long-poll wait of GET /gate/policy (25)'],
  ['GATE_NAMESPACE', "the gate's own namespace; its requests are always allowed (kube-system)"],
  [
    'GATE_SERVICE_ACCOUNT',
    "the gate's service account; always allowed (defender-admission-controller-serviceaccount)",
  ],
  ['GATE_CLUSTER_NAME', 'cluster name for Cluster conditions with --policy-file (standalone)'],
  ['GATE_ENVIRONMENT_ID', 'environment id for cloud scopes with --policy-file (standalone)'],
  [
    'GATE_REGISTRY_FINDINGS',
    'on: also read scan reports attached to images in their registries (OCI referrers) when the policy has Registry Access on (off)',
  ],
  [
    'AZURE_TENANT_ID',
    'workload identity (set by the azure-workload-identity webhook): ACR access for registry findings',
  ],
  ['AZURE_CLIENT_ID', 'workload identity client id (the MSI of seed 000)'],
  ['AZURE_FEDERATED_TOKEN_FILE', 'workload identity projected token file'],
  ['AZURE_AUTHORITY_HOST', 'Entra authority (https://login.microsoftonline.com/)'],
  [
    'GATE_ACR_EXCHANGE_URL',
    "base URL of ACR's /oauth2/exchange for every registry, instead of https://<registry> (tests, proxies)",
  ],
  [
    'AWS_ROLE_ARN',
    'IRSA (set by the EKS pod identity webhook from the service account annotation): ECR access for registry findings',
  ],
  ['AWS_WEB_IDENTITY_TOKEN_FILE', 'IRSA projected token file'],
  ['AWS_REGION', 'region of ECR hosts that do not name one (GATE_ECR_REGISTRIES)'],
  ['AWS_ENDPOINT_URL_STS', 'STS endpoint instead of https://sts.<region>.amazonaws.com/ (tests)'],
  [
    'AWS_ENDPOINT_URL_ECR',
    'ECR API endpoint instead of https://api.ecr.<region>.amazonaws.com/ (tests)',
  ],
  [
    'GATE_ECR_REGISTRIES',
    'more registry hosts (host:port, comma-separated) served with ECR credentials besides *.dkr.ecr.*.amazonaws.com',
  ],
  [
    'GATE_GAR_CREDENTIALS',
    'Google Artifact Registry / gcr.io: metadata (GKE Workload Identity), external-account (GOOGLE_APPLICATION_CREDENTIALS), off (off)',
  ],
  ['GCE_METADATA_HOST', 'metadata server host:port (metadata.google.internal)'],
  [
    'GOOGLE_APPLICATION_CREDENTIALS',
    'external_account JSON (workload identity federation) for GATE_GAR_CREDENTIALS=external-account',
  ],
  [
    'GATE_GAR_REGISTRIES',
    'more registry hosts served with Google credentials besides *-docker.pkg.dev and gcr.io',
  ],
  [
    'KUBERNETES_SERVICE_HOST',
    "the API server (set by the kubelet); with the cluster's allowSecretAccess on, pull secrets are read there",
  ],
  ['KUBERNETES_SERVICE_PORT', 'API server port (set by the kubelet)'],
  [
    'GATE_KUBERNETES_API_URL',
    'API server URL instead of https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT',
  ],
  [
    'GATE_KUBERNETES_TOKEN_FILE',
    'service account token for the API server, re-read as the kubelet rotates it (/var/run/secrets/kubernetes.io/serviceaccount/token)',
  ],
  [
    'GATE_KUBERNETES_CA_FILE',
    'CA of the API server (/var/run/secrets/kubernetes.io/serviceaccount/ca.crt)',
  ],
  [
    'GATE_PULL_SECRET_TTL_S',
    'how long a read pull secret or service account (or its absence) is cached (60)',
  ],
  ['GATE_LOG_LEVEL', 'pino level: fatal error warn info debug trace silent (info)'],
];

/** Parses the environment (or a test's stand-in); throws one error listing every bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): GateEnv {
  const parsed = GateEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(
      `Invalid gate configuration:\n${lines.join('\n')}\nRun with --help for the list of variables.`,
    );
  }
  return parsed.data;
}

/** `--help` text. */
export function envHelp(): string {
  const width = Math.max(...ENV_HELP.map(([n]) => n.length));
  return ENV_HELP.map(([name, meaning]) => `  ${name.padEnd(width)}  ${meaning}`).join('\n');
}
