/** Decodes a YAML stream as kubectl does (YAML 1.1) and as YAML 1.2, to plain JSON values. */
import { parseAllDocuments } from 'yaml';
import { expect } from 'vitest';

export function decodeBoth(text: string): { v11: unknown[]; v12: unknown[] } {
  const decode = (version: '1.1' | '1.2') =>
    parseAllDocuments(text, { version }).map((d) => {
      expect(d.errors).toEqual([]);
      return JSON.parse(JSON.stringify(d.toJS())) as unknown;
    });
  return { v11: decode('1.1'), v12: decode('1.2') };
}
