/**
 * `node dist/index.js manifests [flags]` prints the control plane install YAML;
 * `node dist/index.js kustomize DIR` writes the Kustomize base and overlays into DIR.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildControlPlaneManifests, controlPlaneYaml } from './control-plane-manifests.js';
import type { ControlPlaneOptionsInput } from './control-plane-options.js';
import { kustomizeTree } from './kustomize-tree.js';

const FLAGS: Record<string, keyof ControlPlaneOptionsInput> = {
  '--namespace': 'namespace',
  '--name': 'name',
  '--replicas': 'replicas',
  '--image': 'image',
  '--secret': 'secretName',
  '--ingress-host': 'ingressHost',
  '--ingress-tls-secret': 'ingressTlsSecret',
  '--ingress-class': 'ingressClassName',
};

export const DEPLOY_USAGE = `Install commands:
  node dist/index.js manifests [flags]     print the control plane YAML (kubectl apply -f -)
    ${Object.keys(FLAGS).join(' ')}
  node dist/index.js kustomize DIR         write the Kustomize base and overlays (gate included)
`;

/** Flags → options; unknown flags and missing values are errors, not ignored. */
export function parseManifestFlags(args: readonly string[]): ControlPlaneOptionsInput {
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i] ?? '';
    const key = FLAGS[flag];
    const value = args[i + 1];
    if (!key) throw new Error(`Unknown flag ${flag}\n\n${DEPLOY_USAGE}`);
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
    options[key] = value;
  }
  return options;
}

/** Runs `manifests` / `kustomize`; returns false when argv is neither. */
export async function runDeployCommand(argv: readonly string[]): Promise<boolean> {
  const [command, ...rest] = argv;
  if (command === 'manifests') {
    process.stdout.write(controlPlaneYaml(buildControlPlaneManifests(parseManifestFlags(rest))));
    return true;
  }
  if (command === 'kustomize') {
    const dir = rest[0];
    if (!dir || rest.length > 1)
      throw new Error(`kustomize needs one directory\n\n${DEPLOY_USAGE}`);
    for (const [file, text] of Object.entries(await kustomizeTree())) {
      const target = path.join(dir, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    return true;
  }
  return false;
}
