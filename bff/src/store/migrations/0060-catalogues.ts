/**
 * Version 60: the CISA KEV and FIRST EPSS catalogues (docs/decisions/080), one row per kind, replaced
 * on each import. `data` is compact text (KEV: one CVE id a line; EPSS: `cve,score` lines) and
 * `sha256` names its content, so replicas cache the parsed form by it.
 */
export const sql = `
CREATE TABLE catalogues (
  kind text PRIMARY KEY CHECK (kind IN ('kev', 'epss')),
  version text NOT NULL,
  published_at timestamptz NOT NULL,
  entries integer NOT NULL,
  sha256 text NOT NULL,
  data text NOT NULL,
  imported_at timestamptz NOT NULL,
  imported_by text NOT NULL
);
`;
