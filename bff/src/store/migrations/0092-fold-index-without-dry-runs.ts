/**
 * Version 92: the fold lookup of ingest (`openFoldTargets` in ../admissions.repo.ts) asks for a
 * key's latest row that is not a dry run, one index probe per key. Dry-run rows carry the same fold
 * key but never fold; with them in the index, a key's newer dry runs were walked past one by one.
 * The partial index holds only the rows a repeat can fold into, so each probe reads one entry.
 */
export const sql = `
CREATE INDEX admission_events_fold_open ON admission_events (fold_key, last_seen_at DESC) WHERE NOT dry_run;
DROP INDEX admission_events_fold;
`;
