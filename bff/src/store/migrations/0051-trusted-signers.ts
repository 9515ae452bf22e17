/** Version 51: trusted signers (public keys) per environment, delivered to gates with the policy. */
export const sql = `
CREATE TABLE trusted_signers (
  id uuid PRIMARY KEY,
  environment_id uuid NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
  name text NOT NULL,
  public_key text NOT NULL,
  algorithm text NOT NULL,
  fingerprint text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  UNIQUE (environment_id, fingerprint)
);
`;
