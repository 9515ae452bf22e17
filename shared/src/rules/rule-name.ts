/**
 * When two rule names are "the same name" (docs/decisions/033-rule-name-keys.md). Names are
 * unique by this key, not by their text: NFKC (fullwidth, ligatures, composed/decomposed forms),
 * invisible characters removed (zero-width, soft hyphen, bidi controls, variation selectors),
 * every kind of space made one plain space, case folded, and the common Cyrillic and Greek
 * look-alikes of Latin letters replaced by the Latin letter (a small confusables skeleton).
 */

/** C0, DEL and C1 control characters: refused in names outright. */
export function hasControlCharacter(name: string): boolean {
  for (const ch of name) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) return true;
  }
  return false;
}

/** Default-ignorable and format code points that render as nothing (inclusive ranges). */
const INVISIBLE_RANGES: readonly [number, number][] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xe0000, 0xe0fff],
];

function isInvisible(cp: number): boolean {
  return INVISIBLE_RANGES.some(([from, to]) => cp >= from && cp <= to);
}

function stripInvisible(text: string): string {
  let out = '';
  for (const ch of text) if (!isInvisible(ch.codePointAt(0) ?? 0)) out += ch;
  return out;
}

/** Lower-case Cyrillic and Greek letters that look like a Latin letter. */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ѵ: 'v',
  ү: 'y',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ς: 'c',
};
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu');

/** The key rule names are compared and indexed by. */
export function ruleNameKey(name: string): string {
  const folded = stripInvisible(name.normalize('NFKC'))
    .replace(/\s+/gu, ' ')
    .trim()
    // Upper then lower: a full case fold for the cases that matter (ß → ss, ﬁ → fi).
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC');
  return folded.replace(LOOK_ALIKE, (ch) => LOOK_ALIKES[ch] ?? ch);
}
