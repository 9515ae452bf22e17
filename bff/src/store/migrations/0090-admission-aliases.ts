/**
 * Version 90: every id a gate handed out stays resolvable (docs/decisions/120-folded-event-ids.md).
 * An alias maps a folded-away event id (folded by a gate before delivery, or by ingest into a
 * stored row) to the row it joined. Rows are listed by last seen, and retention prunes by last
 * seen (docs/decisions/122-event-retention.md): both walk (last_seen_at, id).
 */
export const sql = `
CREATE TABLE admission_event_aliases (
  alias_id uuid PRIMARY KEY,
  event_id uuid NOT NULL
);
CREATE INDEX admission_event_aliases_event ON admission_event_aliases (event_id);
CREATE INDEX admission_events_last_seen_id ON admission_events (last_seen_at DESC, id DESC);
`;
