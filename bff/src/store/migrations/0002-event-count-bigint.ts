/**
 * Version 2: an event's `count` (folded repeats) is a 64-bit integer. A 32-bit column made one
 * event with a count over 2^31 fail its whole batch; counts stay within 2^53 − 1 (the largest
 * integer a JSON number carries exactly), which the shared schema and the fold update enforce.
 */
export const sql = `
ALTER TABLE admission_events ALTER COLUMN count TYPE bigint;
`;
