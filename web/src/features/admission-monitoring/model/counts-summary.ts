// What the grid and the chart count, said in one line ("116 events · 1,904 admissions"). Pure.
const n = (v: number) => v.toLocaleString();
const plural = (v: number, one: string) => `${n(v)} ${one}${v === 1 ? '' : 's'}`;

/**
 * A row is one event (repeats of one decision folded, with their count); the chart sums the
 * admissions. `totals` come with the chart's stats for the same filters; until they arrive, the
 * loaded rows are all there is to say.
 */
export function countsSummary(
  loaded: number,
  more: boolean,
  totals: { events: number; admissions: number } | undefined,
): string {
  // Totals older than the rows (new ones just shown) would contradict them: wait for fresh ones.
  if (!totals || loaded > totals.events)
    return `${plural(loaded, 'event')} loaded${more ? ', more as you scroll' : ''}`;
  const head = `${plural(totals.events, 'event')} · ${plural(totals.admissions, 'admission')}`;
  return more || loaded < totals.events
    ? `${head} (${n(loaded)} loaded, more as you scroll)`
    : head;
}
