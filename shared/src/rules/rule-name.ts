/**
 * When two rule names are "the same name" (docs/decisions/033-rule-name-keys.md). Names are
 * unique by this key, not by their text: NFKC (fullwidth, ligatures, composed/decomposed forms),
 * invisible characters removed (zero-width, soft hyphen, bidi controls, variation selectors),
 * every kind of space made one plain space, case folded, and the common Cyrillic and Greek
 * look-alikes of Latin letters replaced by the Latin letter (a small confusables skeleton).
 */

/** C0, DEL and C1 control characters: refused in names outright. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/u;

/** Default-ignorable and format characters that render as nothing. */
const INVISIBLE =
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{e0000}-\u{e0fff}]/gu;

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
  const folded = name
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim()
    // Upper then lower: a full case fold for the cases that matter (ß → ss, ﬁ → fi).
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC');
  return folded.replace(LOOK_ALIKE, (ch) => LOOK_ALIKES[ch] ?? ch);
}
