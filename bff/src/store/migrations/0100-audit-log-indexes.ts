/**
 * Version 100: the audit log is read by target (a rule's history on its details page) and by actor
 * (the audit-log screen's filter), newest first; without these every read scans the whole log
 * (docs/decisions/130-rule-details-and-audit-log.md).
 */
export const sql = `
CREATE INDEX audit_log_target ON audit_log (resource_type, resource_id, seq DESC);
CREATE INDEX audit_log_actor ON audit_log (actor, seq DESC);
CREATE INDEX audit_log_at ON audit_log (at DESC);
`;
