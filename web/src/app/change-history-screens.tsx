// Rule details and the audit log, in one lazy chunk: they share the change-diff components, and
// as two chunks their shared Fluent parts were hoisted into chunks the first screen loads (the
// first-visit budget, scripts/report-bundle.mjs).
export { default as RuleDetailsPage } from '@/features/rule-details/rule-details-page';
export { default as AuditLogPage } from '@/features/audit-log/audit-log-page';
