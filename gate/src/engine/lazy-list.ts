/**
 * Lists that start as one shared, frozen empty list and become their own on the first entry. Most
 * (rule, image) pairs of an admission do not trigger and are not exempted; a fresh empty array per
 * list per pair was a third of the gate's allocation per admission, and allocation is what sets
 * how often the young generation is collected (each collection a pause in the answer's tail).
 * Frozen, so a consumer that tried to add to the shared list would throw instead of changing
 * every result.
 */
export const NO_ENTRIES: never[] = Object.freeze([]) as unknown as never[];

/** `list` with `value` at its end: a new list in place of NO_ENTRIES, else the same one. */
export function append<T>(list: T[], value: T): T[] {
  if (list === NO_ENTRIES) return [value];
  list.push(value);
  return list;
}

/** As `append`, once per value. */
export function appendOnce<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list : append(list, value);
}
