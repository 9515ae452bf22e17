/**
 * @gated/shared: the one model. Every entity and API payload is a zod schema here; types are
 * inferred from them; the BFF validates with them, the portal's forms use them, the gate parses
 * with them. Imports nothing of ours but zod (and yaml for policy as code).
 */
export * from './errors/problem.schema.js';
export * from './errors/errors.js';
export * from './k8s/image-reference.js';
export * from './text/cut-text.js';
export * from './k8s/label-selector.js';
export * from './k8s/admission-review.schema.js';
export * from './k8s/admission-review-for.js';
export * from './rules/time-zone.js';
export * from './rules/condition.schema.js';
export * from './rules/exemption.schema.js';
export * from './rules/rule-name.js';
export * from './rules/rule.schema.js';
export * from './rules/rule-export.js';
export * from './rules/rule-preview.schema.js';
export * from './rules/rule-scale.schema.js';
export * from './rules/describe-rule.js';
export * from './rules/rule-activity.schema.js';
export * from './guards/impact-acknowledgement.js';
export * from './environments/environment.schema.js';
export * from './environments/cluster.schema.js';
export * from './findings/findings.schema.js';
export * from './findings/trivy.js';
export * from './findings/trivy-operator.js';
export * from './admissions/admission-trace.schema.js';
export * from './admissions/admission-event.schema.js';
export * from './admissions/admission-query.schema.js';
export * from './policy/gate-policy.schema.js';
export * from './auth/auth.schema.js';
export * from './audit/audit-entry.schema.js';
export * from './audit/audit-diff.js';
export * from './findings/report-common.js';
export * from './findings/grype.js';
export * from './findings/sarif.js';
export * from './findings/in-toto.js';
export * from './findings/vex.js';
export * from './findings/vex-upload.schema.js';
export * from './findings/trusted-signer.schema.js';
export * from './findings/report-formats.js';
export * from './findings/findings-refresh.schema.js';
export * from './catalogues/catalogue.schema.js';
export * from './catalogues/kev.js';
export * from './catalogues/epss.js';
export * from './notifications/notification-channel.schema.js';
export * from './notifications/notification-delivery.schema.js';
