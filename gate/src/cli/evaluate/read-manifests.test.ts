/**
 * Manifest reading as kubectl, helm and kustomize print manifests, and its bounds: file size,
 * documents, nesting depth, YAML aliases, folder depth and symlink loops.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { InputError } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { ReadBudget, readInputs, type ReadLimits } from './input-files.js';
import { nestsDeeper, readManifests } from './read-manifests.js';
import { MANIFEST_LIMITS, READ_LIMITS } from './run-evaluate.js';

const kubectl = (...a: string[]) =>
  execFileSync('kubectl', [...a, '--dry-run=client', '-o', 'yaml'], { encoding: 'utf8' });

const read = (text: string, limits = MANIFEST_LIMITS) =>
  readManifests([{ path: 'm.yaml', text }], limits);

async function inputError(fn: () => unknown): Promise<InputError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('reading manifests', () => {
  it('reads kustomize-style multi-document YAML in order with each object’s line, skipping comment-only documents', () => {
    const a = kubectl('create', 'deployment', 'a', '--image=nginx');
    const b = kubectl('create', 'cronjob', 'b', '--image=nginx', '--schedule=* * * * *');
    const text = `---\n# Source: chart/templates/empty.yaml\n---\n# Source: chart/templates/a.yaml\n${a}---\n${b}`;
    const objects = read(text);
    expect(objects.map((o) => [o.object.kind, o.source.document, o.source.line])).toEqual([
      ['Deployment', 2, 5],
      ['CronJob', 3, 6 + a.split('\n').length - 1],
    ]);
  });

  it('reads what `kubectl kustomize` (kustomize build) prints', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gated-kustomize-'));
    writeFileSync(
      path.join(dir, 'deployment.yaml'),
      kubectl('create', 'deployment', 'web', '--image=nginx'),
    );
    writeFileSync(
      path.join(dir, 'service.yaml'),
      kubectl('create', 'service', 'clusterip', 'web', '--tcp=80:80'),
    );
    writeFileSync(
      path.join(dir, 'kustomization.yaml'),
      'resources: [deployment.yaml, service.yaml]\nnamespace: shop\nnamePrefix: prod-\n',
    );
    const built = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    const objects = read(built);
    expect(
      objects.map((o) => [
        o.object.kind,
        (o.object.metadata as { name: string; namespace: string }).name,
        (o.object.metadata as { namespace: string }).namespace,
      ]),
    ).toEqual([
      ['Service', 'prod-web', 'shop'],
      ['Deployment', 'prod-web', 'shop'],
    ]);
    expect(objects[1]?.source.document).toBe(2);
  });

  it('expands a List (kubectl get -o yaml) into its items, each with its own line', () => {
    const items = [
      kubectl('create', 'deployment', 'a', '--image=nginx'),
      kubectl('create', 'job', 'b', '--image=nginx'),
    ];
    const list = `apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ""\nitems:\n${items
      .map((y) => `- ${y.trimEnd().split('\n').join('\n  ')}`)
      .join('\n')}\n`;
    const objects = read(list);
    expect(objects.map((o) => [o.object.kind, o.source.item, o.source.line])).toEqual([
      ['Deployment', 0, 6],
      ['Job', 1, 6 + (items[0]?.trimEnd().split('\n').length ?? 0)],
    ]);
  });

  it('reads JSON as kubectl -o json prints it', () => {
    const json = execFileSync(
      'kubectl',
      ['create', 'deployment', 'a', '--image=nginx', '--dry-run=client', '-o', 'json'],
      { encoding: 'utf8' },
    );
    expect(read(json).map((o) => o.object.kind)).toEqual(['Deployment']);
  });

  it.each([
    [
      'a map without kind',
      'apiVersion: v1\nmetadata: {}\n',
      /m\.yaml:1 \(document 1\): Object 'Kind' is missing/,
    ],
    ['a list at the top', '- a\n- b\n', /not a Kubernetes object/],
    [
      'a repeated key, with its line',
      'apiVersion: v1\nkind: Pod\nkind: Job\n',
      /m\.yaml:3 .*not valid YAML: Map keys must be unique/,
    ],
    [
      'an alias bomb',
      `apiVersion: v1\nkind: ConfigMap\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
      /alias/i,
    ],
    [
      'nesting deeper than the limit',
      `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(70)}${']'.repeat(70)}\n`,
      /nested deeper than 64 levels/,
    ],
  ])('refuses %s, naming where', async (_what, text, message) => {
    const err = await inputError(() => read(text));
    expect(err.message).toMatch(message);
  });

  it('caps documents per run', async () => {
    const doc = kubectl('create', 'deployment', 'a', '--image=nginx');
    const err = await inputError(() =>
      read(`${doc}---\n${doc}---\n${doc}`, { ...MANIFEST_LIMITS, maxDocuments: 2 }),
    );
    expect(err.message).toMatch(/document 3.*more than 2 documents/);
  });

  it('measures depth without recursion', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestsDeeper(deep, 64)).toBe(true);
    expect(nestsDeeper({ a: [{ b: 1 }] }, 3)).toBe(false);
  });
});

describe('reading files and folders', () => {
  const limits: ReadLimits = { ...READ_LIMITS, maxFileBytes: 1024, maxFolderDepth: 2, maxFiles: 3 };
  const opts = (stdin = Readable.from([])) => ({
    wanted: (n: string) => n.endsWith('.yaml'),
    stdin,
    budget: new ReadBudget(limits),
  });

  it('walks folders in name order, only the wanted names, and reads stdin once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gated-inputs-'));
    mkdirSync(path.join(dir, 'b'));
    writeFileSync(path.join(dir, 'b', 'z.yaml'), 'z');
    writeFileSync(path.join(dir, 'a.yaml'), 'a');
    writeFileSync(path.join(dir, 'notes.txt'), 'n');
    const files = await readInputs([dir, '-'], opts(Readable.from([Buffer.from('s')])));
    expect(files.map((f) => [f.path === '-' ? '-' : path.relative(dir, f.path), f.text])).toEqual([
      ['a.yaml', 'a'],
      [path.join('b', 'z.yaml'), 'z'],
      ['-', 's'],
    ]);
    expect((await inputError(() => readInputs(['-', '-'], opts()))).message).toMatch(/given twice/);
  });

  it('refuses a file or stdin larger than the bound before reading it all', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gated-inputs-'));
    writeFileSync(path.join(dir, 'big.yaml'), 'x'.repeat(2048));
    expect(
      (await inputError(() => readInputs([path.join(dir, 'big.yaml')], opts()))).message,
    ).toMatch(/is 2048 bytes; at most 1024/);
    const endless = Readable.from(
      (function* () {
        for (;;) yield Buffer.alloc(512);
      })(),
    );
    expect((await inputError(() => readInputs(['-'], opts(endless)))).message).toMatch(
      /^- is 1536 bytes; at most 1024/,
    );
  });

  it('refuses symlink loops, folders nested too deep, too many files, and paths that do not exist', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gated-inputs-'));
    mkdirSync(path.join(dir, 'loop', 'inner'), { recursive: true });
    symlinkSync('..', path.join(dir, 'loop', 'inner', 'up'));
    expect((await inputError(() => readInputs([path.join(dir, 'loop')], opts()))).message).toMatch(
      /inner\/up links back to .*loop: a symlink loop/,
    );

    mkdirSync(path.join(dir, 'deep', '1', '2', '3'), { recursive: true });
    expect((await inputError(() => readInputs([path.join(dir, 'deep')], opts()))).message).toMatch(
      /nested deeper than 2 folders/,
    );

    mkdirSync(path.join(dir, 'many'));
    for (const n of ['1', '2', '3', '4']) writeFileSync(path.join(dir, 'many', `${n}.yaml`), n);
    expect((await inputError(() => readInputs([path.join(dir, 'many')], opts()))).message).toMatch(
      /More than 3 files/,
    );

    symlinkSync('self', path.join(dir, 'self'));
    expect((await inputError(() => readInputs([path.join(dir, 'self')], opts()))).message).toMatch(
      /A symlink loop/,
    );
    expect(
      (await inputError(() => readInputs([path.join(dir, 'none.yaml')], opts()))).message,
    ).toMatch(/No such file or folder/);
  });
});
