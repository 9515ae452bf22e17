/**
 * Nesting depth of a JSON text, measured on the raw bytes before anything parses it: a body nested
 * thousands deep is refused with 400 before `JSON.parse` or any recursive walk of the object sees it.
 * String contents are skipped with `indexOf` (native), so a typical AdmissionReview, mostly strings,
 * costs a few structural bytes per field.
 */

/** Deeper than any Kubernetes object the API server sends (a Pod's deepest path is ~12). */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** Index just past the closing quote of the string whose opening quote is at `open` (or the end). */
function skipString(bytes: Buffer, open: number): number {
  let at = open + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, at);
    if (quote === -1) return bytes.length;
    // The quote is escaped when an odd number of backslashes precede it.
    let slashes = 0;
    for (let i = quote - 1; i > open && bytes[i] === BACKSLASH; i--) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** True when arrays/objects in `bytes` nest deeper than `max` (malformed JSON is left to the parser). */
export function nestsDeeperThan(bytes: Buffer, max = MAX_JSON_DEPTH): boolean {
  if (bytes.length <= max) return false;
  let depth = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b === QUOTE) {
      i = skipString(bytes, i);
      continue;
    }
    if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
    i++;
  }
  return false;
}
