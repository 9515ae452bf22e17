/**
 * Nesting depth of a document, measured without recursion so a hostile document cannot overflow
 * the stack (or the clock) while being measured: both are single linear scans.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** True when brackets/braces outside strings nest deeper than `max`. Malformed input is left to the parser. */
export function jsonDepthExceeds(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      depth++;
      if (depth > max) return true;
    } else if (b === 0x5d || b === 0x7d) depth--;
  }
  return false;
}

/**
 * An upper bound of YAML nesting in one linear pass (the `yaml` CST parser is iterative but slows
 * down sharply on deep input, so it cannot be the guard): open indentation levels, plus compact
 * `- ` / `? ` indicators at the start of a line, plus flow brackets open outside quotes. Real
 * documents stay far below any sane limit by this count; hostile ones cannot hide from it.
 */
export function yamlDepthExceeds(text: string, max: number): boolean {
  const indents: number[] = [];
  let flow = 0;
  for (const line of text.split(/\r?\n/)) {
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    const rest = line.slice(indent);
    if (rest === '' || rest.startsWith('#')) continue;
    while (indents.length > 0 && (indents.at(-1) ?? 0) > indent) indents.pop();
    if (indents.length === 0 || (indents.at(-1) ?? 0) < indent) indents.push(indent);
    const compact = /^(?:[-?](?:[ \t]+|$))*/.exec(rest)?.[0] ?? '';
    const indicators = compact.replace(/[^-?]/g, '').length;
    let quote: string | null = null;
    for (let i = compact.length; i < rest.length; i++) {
      const ch = rest[i];
      if (quote) {
        if (ch === '\\' && quote === '"') i++;
        else if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#' && /\s/.test(rest[i - 1] ?? ' ')) break;
      else if (ch === '[' || ch === '{') {
        flow++;
        if (indents.length + indicators + flow > max) return true;
      } else if (ch === ']' || ch === '}') flow = Math.max(0, flow - 1);
    }
    if (indents.length + indicators + flow > max) return true;
  }
  return false;
}
