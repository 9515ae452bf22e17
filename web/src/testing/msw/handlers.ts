// The in-memory fake of the API (/api/v1), built from the shared schemas: request bodies are
// validated with the shared input schemas (400 problem+json with field paths), answers are parsed
// with the shared schemas, readers get 403 on writes, rules enforce If-Match (412/428).
// Used by component tests (msw/node) and by `vite --mode mock` (msw browser worker).
import { admissionHandlers } from './admission-handlers';
import { authHandlers } from './auth-handlers';
import { catalogueHandlers } from './catalogue-handlers';
import { environmentHandlers } from './environment-handlers';
import { guardHandlers } from './guard-handlers';
import { notificationHandlers } from './notification-handlers';
import { ruleDetailsHandlers } from './rule-details-handlers';
import { ruleHandlers } from './rule-handlers';
import { ruleScaleHandlers } from './rule-scale-handlers';
import { trustHandlers } from './trust-handlers';

export const handlers = [
  ...authHandlers,
  ...environmentHandlers,
  // Before ruleHandlers: `/rules/import/preview` would match `/rules/:id/:toggle` there.
  ...ruleScaleHandlers,
  // Before ruleHandlers: restore and delete-with-undo answer paths ruleHandlers also match.
  ...guardHandlers,
  ...ruleHandlers,
  ...ruleDetailsHandlers,
  ...admissionHandlers,
  ...catalogueHandlers,
  ...trustHandlers,
  ...notificationHandlers,
];

export { db, MOCK_PASSWORD, resetMockDb, signInAs } from './mock-db';
export { problem, respond } from './respond';
export * from './factories';
