/** Version 50: VEX documents uploaded per environment (or for all), applied to the findings gates read. */
export const sql = `
CREATE TABLE vex_documents (
  id uuid PRIMARY KEY,
  environment_id uuid REFERENCES environments(id) ON DELETE CASCADE,
  name text NOT NULL,
  document jsonb NOT NULL,
  uploaded_at timestamptz NOT NULL,
  uploaded_by text NOT NULL
);
CREATE INDEX vex_documents_environment ON vex_documents (environment_id);
`;
