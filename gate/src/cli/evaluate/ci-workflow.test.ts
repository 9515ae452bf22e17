/**
 * The documented pipeline (docs/ci/gated-evaluate.github-workflow.yml) stays in step with the
 * command: every `evaluate` call in it parses with today's flags, and it runs the image's entry file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseEvaluateArgs } from './parse-args.js';

const WORKFLOW = new URL('../../../../docs/ci/gated-evaluate.github-workflow.yml', import.meta.url);
const CONTAINERFILE = new URL('../../../../Containerfile', import.meta.url);

/** The `gate` stage of the root Containerfile (both images are built from that one file). */
function gateStage(): string {
  const file = readFileSync(CONTAINERFILE, 'utf8');
  return file.slice(file.search(/^FROM \S+ AS gate$/m));
}

interface Workflow {
  permissions: Record<string, string>;
  jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, string> }[] }>;
}

/** The words after `evaluate` on each command line (continuations joined), up to a redirection. */
function evaluateCalls(script: string): string[][] {
  return script
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => /\bgated evaluate\b/.test(line))
    .map((line) => {
      const words = line.trim().split(/\s+/);
      const after = words.slice(words.indexOf('evaluate') + 1);
      const end = after.findIndex((w) => w === '>' || w === '||' || w === '|');
      return (end === -1 ? after : after.slice(0, end)).map((w) => w.replace(/^"|"$/g, ''));
    });
}

describe('the GitHub Actions example', () => {
  const workflow = parseYaml(readFileSync(WORKFLOW, 'utf8')) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

  it('calls evaluate with flags the command accepts, in every output it uploads', () => {
    const calls = steps.flatMap((s) => evaluateCalls(s.run ?? ''));
    expect(calls.length).toBe(3);
    // The step's env gives the URL (a repository variable).
    const outputs = calls.map(
      (args) =>
        parseEvaluateArgs(
          args.map((w) => w.replace('$CONTROL_PLANE_URL', 'https://gated.example.com')),
        ).output,
    );
    expect(outputs).toEqual(['sarif', 'junit', 'table']);
  });

  it('runs the gate image’s entry file and uploads the SARIF with the permission it needs', () => {
    const stage = gateStage();
    const entry = /ENTRYPOINT \["node", "([^"]+)"\]/.exec(stage)?.[1];
    const workdir = [...stage.matchAll(/WORKDIR (\S+)/g)].at(-1)?.[1];
    const script = steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain(`${workdir}/${entry}`);
    expect(workflow.permissions['security-events']).toBe('write');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.with?.sarif_file).toBe('gated.sarif');
  });
});
