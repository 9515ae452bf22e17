/**
 * Kubernetes objects from manifest text as `kubectl`, `helm template` and `kustomize build` print
 * it: multi-document YAML (`---`), JSON (which is YAML), comment-only or empty documents skipped,
 * `List` objects (`kubectl get -o yaml`) expanded into their items. Hostile text is bounded: YAML
 * aliases expand at most `maxAliasCount` times (the "billion laughs" bomb), documents per run and
 * nesting depth are capped, and anything unreadable is an error naming the file and line.
 */
import { InputError } from '@gated/shared';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { InputFile } from './input-files.js';

export interface ManifestLimits {
  /** Most documents (and List items) read in one run. */
  maxDocuments: number;
  /** Deepest nesting of one object (maps and lists). */
  maxDepth: number;
  /** YAML alias expansions allowed per document. */
  maxAliasCount: number;
}

/** Where an object came from, for every output format. */
export interface ManifestSource {
  /** File path as given (`-` for stdin). */
  file: string;
  /** 1-based document number in the file. */
  document: number;
  /** 1-based line where the object starts. */
  line: number;
  /** 0-based position in a `List`'s items, when the object came from one. */
  item?: number;
}

export interface ManifestObject {
  object: Record<string, unknown>;
  source: ManifestSource;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when a value nests deeper than `max` (iterative: a deep value cannot overflow the stack). */
export function nestsDeeper(value: unknown, max: number): boolean {
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop() as { v: unknown; d: number };
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, d: d + 1 });
  }
  return false;
}

function where(source: ManifestSource): string {
  return `${source.file}:${source.line} (document ${source.document}${source.item !== undefined ? `, item ${source.item}` : ''})`;
}

function fail(source: ManifestSource, message: string): InputError {
  return new InputError(`${where(source)}: ${message}`, [
    { path: `${source.file}:${source.line}`, message },
  ]);
}

function lineOf(lines: LineCounter, offset: number | undefined): number {
  return offset === undefined ? 1 : lines.linePos(offset).line;
}

/** Checks what kubectl checks before sending an object: a map with `apiVersion` and `kind`. */
function checkObject(value: unknown, source: ManifestSource): Record<string, unknown> {
  if (!isRecord(value))
    throw fail(source, 'not a Kubernetes object (expected a map with apiVersion and kind)');
  if (typeof value.kind !== 'string' || value.kind === '')
    throw fail(source, "Object 'Kind' is missing");
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '')
    throw fail(source, "Object 'apiVersion' is missing");
  return value;
}

/** A `List` (`v1/List`, or `<Kind>List` as some tools print): its items are the objects. */
function isList(object: Record<string, unknown>): boolean {
  const kind = object.kind as string;
  return kind === 'List' || (kind.endsWith('List') && Array.isArray(object.items));
}

function toJs(doc: Document, source: ManifestSource, limits: ManifestLimits): unknown {
  try {
    return doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    // A RangeError is a value nested deep enough to exhaust the stack.
    throw fail(
      source,
      e instanceof RangeError ? `nested too deeply to read` : `cannot be read: ${message}`,
    );
  }
}

/** Reads every object of one file, in order. `counted` tracks documents across files. */
export function readManifestFile(
  file: InputFile,
  limits: ManifestLimits,
  counted: { documents: number },
): ManifestObject[] {
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(file.text, { lineCounter: lines, prettyErrors: false });
    docs = Array.from(parsed);
  } catch (e) {
    throw fail(
      { file: file.path, document: 1, line: 1 },
      e instanceof RangeError ? 'nested too deeply to read' : `not YAML: ${(e as Error).message}`,
    );
  }
  const out: ManifestObject[] = [];
  docs.forEach((doc, index) => {
    const source: ManifestSource = {
      file: file.path,
      document: index + 1,
      line: lineOf(lines, doc.contents?.range[0] ?? doc.range[0]),
    };
    const error = doc.errors[0];
    if (error) {
      const at = lineOf(lines, error.pos[0]);
      throw fail({ ...source, line: at }, `not valid YAML: ${error.message.split('\n')[0]}`);
    }
    // `---` with nothing but comments (helm template's `# Source:` headers) is no object.
    if (doc.contents === null) return;
    counted.documents++;
    if (counted.documents > limits.maxDocuments)
      throw fail(source, `more than ${limits.maxDocuments} documents in all`);
    const value = toJs(doc, source, limits);
    if (value === null || value === undefined) return;
    if (nestsDeeper(value, limits.maxDepth))
      throw fail(source, `nested deeper than ${limits.maxDepth} levels`);
    const object = checkObject(value, source);
    if (!isList(object)) {
      out.push({ object, source });
      return;
    }
    if (!Array.isArray(object.items))
      throw fail(source, `${String(object.kind)} without an items list`);
    object.items.forEach((item, i) => {
      const itemNode = doc.getIn(['items', i], true) as { range?: [number, number, number] };
      const itemSource: ManifestSource = {
        ...source,
        line: lineOf(lines, itemNode.range?.[0]),
        item: i,
      };
      counted.documents++;
      if (counted.documents > limits.maxDocuments)
        throw fail(itemSource, `more than ${limits.maxDocuments} documents in all`);
      const inner = checkObject(item, itemSource);
      if (isList(inner)) throw fail(itemSource, 'a List inside a List is not read');
      out.push({ object: inner, source: itemSource });
    });
  });
  return out;
}

/** Reads every object of every file, in order. */
export function readManifests(files: readonly InputFile[], limits: ManifestLimits) {
  const counted = { documents: 0 };
  return files.flatMap((f) => readManifestFile(f, limits, counted));
}
