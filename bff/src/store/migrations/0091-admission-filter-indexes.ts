/**
 * Version 91: the substring filters (free text, image, CVE, rule) and the namespace prefix filter
 * use indexes instead of scanning the table (docs/decisions/121-filter-indexes.md). pg_trgm ships
 * with PostgreSQL's contrib and with PGlite (loaded in ../db.ts); GIN over trigrams answers
 * `LIKE '%…%'` for patterns of three characters or more.
 *
 * The extension lives in its own schema `gated_ext` unless the database has it already: one
 * extension serves the whole database, and it must not belong to (and be dropped with) the schema
 * of one deployment or one test run. The operator class is named with its schema, so the indexes
 * do not depend on the search_path.
 */
export const sql = `
DO $$
DECLARE ext text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE SCHEMA IF NOT EXISTS gated_ext;
    CREATE EXTENSION pg_trgm SCHEMA gated_ext;
  END IF;
  SELECT n.nspname INTO ext FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
  EXECUTE format('CREATE INDEX admission_events_search_trgm ON admission_events USING gin (search_text %I.gin_trgm_ops)', ext);
  EXECUTE format('CREATE INDEX admission_events_image_trgm ON admission_events USING gin (image_text %I.gin_trgm_ops)', ext);
  EXECUTE format('CREATE INDEX admission_events_cve_trgm ON admission_events USING gin (cve_text %I.gin_trgm_ops)', ext);
  EXECUTE format('CREATE INDEX admission_events_rule_trgm ON admission_events USING gin (rule_text %I.gin_trgm_ops)', ext);
END $$;
CREATE INDEX admission_events_ns_prefix ON admission_events (namespace text_pattern_ops, last_seen_at DESC);
`;
