/**
 * `gated-gate evaluate`: manifests + policy + findings → the gate's answers, printed; exit 0 when
 * nothing is denied, 1 when something is, 2 on bad input (an InputError, printed with its paths).
 *
 * 1. Flags (parse-args.ts). 2. Policy (load-policy.ts) into the gate's PolicyStore. 3. Findings
 *    (load-findings.ts, and the control plane's) into the gate's FindingsCache. 4. Manifests
 *    (input-files.ts, read-manifests.ts). 5. Each object through the gate's admission chain
 *    (admit-objects.ts). 6. One output format.
 */
import type { Readable } from 'node:stream';
import { AppError, InputError } from '@gated/shared';
import { ControlPlaneFindingsSource } from '../../findings/control-plane.js';
import { FindingsCache } from '../../findings/cache.js';
import type { FindingsSource } from '../../findings/source.js';
import { MAX_JSON_DEPTH } from '../../admission/json-depth.js';
import { PolicyStore } from '../../policy/store.js';
import { admitObjects } from './admit-objects.js';
import { formatJson } from './format-json.js';
import { formatJunit } from './format-junit.js';
import { formatSarif } from './format-sarif.js';
import { formatTable } from './format-table.js';
import { ReadBudget, readInputs, type ReadLimits } from './input-files.js';
import { FileFindings, isReportFileName } from './load-findings.js';
import { policyFromControlPlane, policyFromFile, type LoadedPolicy } from './load-policy.js';
import { evaluateUsage, parseEvaluateArgs, type EvaluateArgs } from './parse-args.js';
import { readManifests, type ManifestLimits } from './read-manifests.js';
import { summarize, type EvaluationReport } from './report.js';

export interface EvaluateIo {
  stdin: Readable;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** GATE_CLUSTER_TOKEN (env.ts), read only when --control-plane-url needs it. */
  clusterToken: () => string | undefined;
  clock?: () => number;
}

export const READ_LIMITS: ReadLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxFiles: 10_000,
  maxFolderDepth: 32,
};

export const MANIFEST_LIMITS: ManifestLimits = {
  maxDocuments: 10_000,
  maxDepth: MAX_JSON_DEPTH,
  maxAliasCount: 100,
};

const isManifestFileName = (name: string) => /\.(ya?ml|json)$/i.test(name);

async function loadPolicy(
  args: EvaluateArgs,
  io: EvaluateIo,
  budget: ReadBudget,
  token: string | undefined,
) {
  const identity = { cluster: args.cluster, environment: args.environment };
  if (args.policyFile) {
    const [file] = await readInputs([args.policyFile], {
      wanted: () => true,
      stdin: io.stdin,
      budget,
    });
    if (!file) throw new InputError(`${args.policyFile}: nothing to read`);
    return policyFromFile(file, identity);
  }
  return policyFromControlPlane(args.controlPlaneUrl as string, token as string, identity);
}

async function tokenOf(args: EvaluateArgs, io: EvaluateIo, budget: ReadBudget): Promise<string> {
  if (args.tokenFile) {
    const [file] = await readInputs([args.tokenFile], {
      wanted: () => true,
      stdin: io.stdin,
      budget,
    });
    const token = file?.text.trim();
    if (token) return token;
    throw new InputError(`${args.tokenFile} is empty`, [
      { path: '--token-file', message: 'Empty' },
    ]);
  }
  const token = io.clusterToken();
  if (token) return token;
  throw new InputError('--control-plane-url needs a cluster gate token', [
    { path: '--token-file', message: 'Give --token-file FILE or set GATE_CLUSTER_TOKEN' },
  ]);
}

async function loadFindings(args: EvaluateArgs, io: EvaluateIo, budget: ReadBudget, now: Date) {
  const files = await readInputs(args.findings, {
    wanted: isReportFileName,
    stdin: io.stdin,
    budget,
  });
  const named = await Promise.all(
    args.findingsFor.map(async ({ image, file }) => {
      const [read] = await readInputs([file], { wanted: () => true, stdin: io.stdin, budget });
      if (!read) throw new InputError(`${file}: nothing to read`);
      return { file: read, image };
    }),
  );
  return new FileFindings([...files.map((file) => ({ file })), ...named], now);
}

/** The error text: the message, then one line per field path. */
function problemText(e: AppError): string {
  const lines = [`gated-gate evaluate: ${e.message}`];
  for (const f of e.errors ?? [])
    if (f.message && !e.message.includes(f.message)) lines.push(`  ${f.path}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}

async function evaluate(args: EvaluateArgs, io: EvaluateIo): Promise<number> {
  const clock = args.at ? () => (args.at as Date).getTime() : (io.clock ?? Date.now);
  const now = new Date(clock());
  const budget = new ReadBudget(READ_LIMITS);
  // Manifests first: a stdin manifest must be read before anything else could claim stdin.
  const manifestFiles = await readInputs(args.manifests, {
    wanted: isManifestFileName,
    stdin: io.stdin,
    budget,
  });
  const objects = readManifests(manifestFiles, MANIFEST_LIMITS);
  if (objects.length === 0)
    throw new InputError('No Kubernetes objects in the manifests given', [
      { path: args.manifests.join(' '), message: 'No objects' },
    ]);
  const token = args.controlPlaneUrl ? await tokenOf(args, io, budget) : undefined;
  const loaded: LoadedPolicy = await loadPolicy(args, io, budget, token);
  const files = await loadFindings(args, io, budget, now);

  const store = new PolicyStore();
  try {
    store.set(loaded.policy, loaded.origin.startsWith('file') ? 'file' : 'control-plane');
  } catch (e) {
    throw new InputError(`The policy cannot be compiled: ${(e as Error).message}`);
  }
  const controlPlane =
    args.controlPlaneUrl && args.controlPlaneFindings
      ? new ControlPlaneFindingsSource({ baseUrl: args.controlPlaneUrl, token: token as string })
      : null;
  const sources: FindingsSource[] = [
    ...(files.size > 0 ? [files] : []),
    ...(controlPlane ? [controlPlane] : []),
  ];
  const lookupErrors: string[] = [];
  const findings = new FindingsCache({
    sources,
    // Offline there is no API server waiting: the source's own 10 s deadline bounds each lookup.
    budgetMs: 15_000,
    tagTtlMs: 3_600_000,
    reportTtlMs: 3_600_000,
    maxEntries: 200_000,
    onError: (e) => lookupErrors.push((e as Error).message),
    clock,
  });

  const { results, skipped } = await admitObjects(objects, {
    policy: store,
    findings,
    namespace: args.namespace,
    gate: { namespace: args.gateNamespace, serviceAccount: args.gateServiceAccount },
    username: 'gated-gate-evaluate',
    clock,
  });
  // The gate would treat a failed lookup as "findings unavailable"; a pipeline must not pass on it.
  if (lookupErrors.length > 0)
    throw new InputError(`Findings lookup failed: ${lookupErrors[0] ?? ''}`, [
      {
        path: '--control-plane-url',
        message: 'The control plane did not answer the findings lookup',
      },
    ]);

  const report: EvaluationReport = {
    at: now.toISOString(),
    policy: {
      revision: loaded.policy.revision,
      origin: loaded.origin,
      cluster: loaded.policy.cluster.name,
      environment: loaded.policy.environment.id,
      gatingEnabled: loaded.policy.gatingEnabled,
      findingsEnabled: loaded.policy.findingsEnabled,
    },
    findings: { ...files.summary, controlPlane: controlPlane !== null },
    results,
    skipped,
  };
  const exitCode = summarize(report).denied > 0 ? 1 : 0;
  const text =
    args.output === 'json'
      ? formatJson(report)
      : args.output === 'sarif'
        ? formatSarif(report, exitCode)
        : args.output === 'junit'
          ? formatJunit(report)
          : formatTable(report);
  io.stdout.write(text);
  return exitCode;
}

/** Runs the command; resolves to the exit status, never rejects. */
export async function runEvaluate(argv: readonly string[], io: EvaluateIo): Promise<number> {
  try {
    const args = parseEvaluateArgs(argv);
    if (args.help) {
      io.stdout.write(evaluateUsage());
      return 0;
    }
    return await evaluate(args, io);
  } catch (e) {
    if (e instanceof AppError) {
      io.stderr.write(problemText(e));
      return 2;
    }
    io.stderr.write(`gated-gate evaluate: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}
