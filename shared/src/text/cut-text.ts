/**
 * Cutting untrusted text to a length without breaking it. `slice` counts UTF-16 units, and a cut
 * between the two halves of a surrogate pair (an emoji, most CJK extensions) leaves a lone half:
 * JSON.stringify writes it as `\ud83d`, which PostgreSQL's json refuses, so a stored event or
 * message holding one was refused whole.
 */

/** The first `max` UTF-16 units of `text`, one fewer when the last is the first half of a pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
