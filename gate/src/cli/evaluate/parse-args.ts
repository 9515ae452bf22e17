/** `gated-gate evaluate` flags → options; a bad flag is an InputError (exit 2), never a throw past it. */
import { parseArgs } from 'node:util';
import { InputError } from '@gated/shared';

export const OUTPUTS = ['table', 'json', 'sarif', 'junit'] as const;
export type OutputFormat = (typeof OUTPUTS)[number];

export interface EvaluateArgs {
  help: boolean;
  manifests: string[];
  policyFile: string | undefined;
  controlPlaneUrl: string | undefined;
  tokenFile: string | undefined;
  findings: string[];
  findingsFor: { image: string; file: string }[];
  controlPlaneFindings: boolean;
  cluster: string | undefined;
  environment: string | undefined;
  namespace: string;
  gateNamespace: string;
  gateServiceAccount: string;
  at: Date | undefined;
  output: OutputFormat;
}

function bad(flag: string, message: string): InputError {
  return new InputError(`${flag}: ${message}`, [{ path: flag, message }]);
}

export function parseEvaluateArgs(argv: readonly string[]): EvaluateArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        filename: { type: 'string', short: 'f', multiple: true },
        'policy-file': { type: 'string' },
        'control-plane-url': { type: 'string' },
        'token-file': { type: 'string' },
        findings: { type: 'string', multiple: true },
        'findings-for': { type: 'string', multiple: true },
        'no-control-plane-findings': { type: 'boolean' },
        cluster: { type: 'string' },
        environment: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        'gate-namespace': { type: 'string' },
        'gate-service-account': { type: 'string' },
        at: { type: 'string' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new InputError((e as Error).message, [{ path: 'argv', message: (e as Error).message }]);
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  const output = (values.output ?? 'table') as OutputFormat;
  if (!OUTPUTS.includes(output)) throw bad('--output', `one of ${OUTPUTS.join(', ')}`);
  const manifests = [...(values.filename ?? []), ...positionals];
  if (!help && manifests.length === 0)
    throw bad('manifests', 'give manifest files or folders (or - for stdin)');
  if (!help && !values['policy-file'] && !values['control-plane-url'])
    throw bad('--policy-file', 'give --policy-file FILE or --control-plane-url URL');
  if (values['policy-file'] && values['control-plane-url'])
    throw bad('--policy-file', 'give either --policy-file or --control-plane-url, not both');
  const url = values['control-plane-url'];
  if (url !== undefined && !/^https?:\/\/[^/]/i.test(url))
    throw bad('--control-plane-url', 'an http:// or https:// URL');
  let at: Date | undefined;
  if (values.at !== undefined) {
    at = new Date(values.at);
    if (Number.isNaN(at.getTime())) throw bad('--at', 'an ISO time such as 2026-12-01T12:00:00Z');
  }
  const findingsFor = (values['findings-for'] ?? []).map((pair) => {
    // An image reference never contains `=`; a file name might.
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1) throw bad('--findings-for', 'IMAGE=FILE');
    return { image: pair.slice(0, at), file: pair.slice(at + 1) };
  });
  return {
    help,
    manifests,
    policyFile: values['policy-file'],
    controlPlaneUrl: url,
    tokenFile: values['token-file'],
    findings: values.findings ?? [],
    findingsFor,
    controlPlaneFindings: values['no-control-plane-findings'] !== true,
    cluster: values.cluster,
    environment: values.environment,
    namespace: values.namespace ?? 'default',
    gateNamespace: values['gate-namespace'] ?? 'kube-system',
    gateServiceAccount:
      values['gate-service-account'] ?? 'defender-admission-controller-serviceaccount',
    at,
    output,
  };
}

export function evaluateUsage(): string {
  return `gated-gate evaluate: decide manifests offline, exactly as the admission gate would on CREATE

Usage:
  gated-gate evaluate [flags] (-f PATH | PATH)...   files, folders (*.yaml, *.yml, *.json), - for stdin

Policy (one of):
  --policy-file FILE          a rule export (GET /api/v1/rules/export), as a standalone gate reads it
  --control-plane-url URL     the policy a cluster's gate syncs; token from --token-file FILE or GATE_CLUSTER_TOKEN

Findings:
  --findings PATH             report files or folders (Trivy, Grype, SARIF, in-toto, Trivy Operator, OpenVEX,
                              CycloneDX VEX); repeatable. With --control-plane-url its findings are asked too
  --findings-for IMAGE=FILE   a report that names no image (a repository scan), for IMAGE
  --no-control-plane-findings use only --findings files

Where (as the gate would see it):
  --cluster NAME              cluster name for Cluster conditions (policy file: standalone)
  --environment ID            environment id for cloud scopes (policy file: standalone)
  -n, --namespace NS          namespace of objects without one (default)
  --gate-namespace NS         the gate's own namespace, never gated, like the system ones (kube-system)
  --gate-service-account SA   the gate's service account (defender-admission-controller-serviceaccount)
  --at TIME                   evaluate at this instant (exemption expiry), ISO 8601 (now)

Output:
  -o, --output table|json|sarif|junit   (table)

Exit status: 0 nothing denied, 1 something denied, 2 bad input (the message says what and where).
`;
}
