/**
 * Version 80: single sign-on (docs/decisions/110-single-sign-on.md). Users signed in through the
 * OpenID Connect provider are keyed by (issuer, subject) and have no password; sign-ins in flight
 * keep their nonce and PKCE verifier here (not in a cookie), so any replica can finish them and each
 * state is used once.
 */
export const sql = `
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users ADD COLUMN oidc_issuer text;
ALTER TABLE users ADD COLUMN oidc_subject text;
CREATE UNIQUE INDEX users_oidc_identity ON users (oidc_issuer, oidc_subject);
CREATE TABLE oidc_logins (
  state_hash text PRIMARY KEY,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  return_to text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
`;
