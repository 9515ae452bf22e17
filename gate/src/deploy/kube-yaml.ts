/**
 * Kubernetes YAML that every decoder reads the same way. kubectl decodes manifests as YAML 1.1
 * (sigs.k8s.io/yaml), where a plain `on`, `y`, `no`, `1_000`, `0x1F` or `2001-12-14` is a boolean,
 * a number or a timestamp, while YAML 1.2 tools (and this repository's `yaml` package by default)
 * read the same text as a string. So every string scalar, key or value, is double-quoted unless
 * both versions read its plain form back as exactly that string.
 */
import { Document, parse, visit } from 'yaml';

/** True when the plain (unquoted) text reads back as this same string under YAML 1.1 and 1.2. */
export function isSafePlainString(value: string): boolean {
  // A multi-line string is emitted as a block scalar, which is a string in both versions.
  if (value.includes('\n')) return true;
  // `<<` is the YAML 1.1 merge key.
  if (value === '<<' || value === '') return false;
  try {
    return parse(value, { version: '1.1' }) === value && parse(value, { version: '1.2' }) === value;
  } catch {
    return false;
  }
}

/** One document, strings quoted where YAML 1.1 and 1.2 would disagree. */
export function toKubeYamlDocument(object: object): string {
  const doc = new Document(object, { version: '1.2' });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && !isSafePlainString(node.value)) {
        node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** A multi-document stream (`kubectl apply -f -`), in the order given. */
export function toKubeYaml(objects: readonly object[]): string {
  return objects.map(toKubeYamlDocument).join('---\n');
}
