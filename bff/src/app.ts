/**
 * The BFF app: base middleware, auth and roles, every module mounted under /api/v1, the OpenAPI
 * document and its reference page, then the portal. `AppType` is the typed client's contract.
 */
import { authenticate } from './auth/authenticate.js';
import { authenticateGate } from './auth/gate-auth.js';
import { oidcRoutes } from './auth/oidc/oidc.routes.js';
import { enforceRoles } from './auth/roles.js';
import { requiredScope } from './auth/token-scopes.js';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from './lib/app-env.js';
import { FINDINGS_UPLOAD_LIMIT, RULE_IMPORT_LIMIT, limitBody } from './lib/body-limit.js';
import { createBaseApp, createRouter } from './lib/create-app.js';
import { mountWeb } from './lib/web-static.js';
import { operationsRoutes } from './modules/observability/operations.routes.js';
import { observeRequests } from './modules/observability/request-observer.js';
import { admissionsRoutes } from './modules/admissions/admissions.routes.js';
import { auditLogRoutes } from './modules/audit-log/audit-log.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { clustersRoutes } from './modules/clusters/clusters.routes.js';
import { environmentsRoutes } from './modules/environments/environments.routes.js';
import { findingsRoutes } from './modules/findings/findings.routes.js';
import { vexRoutes } from './modules/vex/vex.routes.js';
import { signersRoutes } from './modules/signers/signers.routes.js';
import { cataloguesRoutes } from './modules/catalogues/catalogues.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { findingsRefreshRoutes } from './modules/findings-refresh/findings-refresh.routes.js';
import { findingsRefreshDeps } from './modules/findings-refresh/findings-refresh.wiring.js';
import { gateRoutes } from './modules/gate/gate.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { rulesRoutes } from './modules/rules/rules.routes.js';
import { rulesScaleRoutes } from './modules/rules/rules-scale.routes.js';
import { exemptionsRoutes } from './modules/exemptions/exemptions.routes.js';
import { ruleActivityRoutes } from './modules/rule-activity/rule-activity.routes.js';
import { tokensRoutes } from './modules/tokens/tokens.routes.js';
import { apiDocsRoutes } from './modules/api-docs/api-docs.routes.js';

export const API_PREFIX = '/api/v1';
const PUBLIC = new Set([
  '/health',
  '/auth/login',
  '/auth/providers',
  '/auth/oidc/login',
  '/auth/oidc/callback',
  '/openapi.json',
  '/docs',
]);

/** The /api/v1 routes, chained so their types make up AppType. */
function apiRoutes(deps: AppDeps) {
  return createRouter()
    .route('/', healthRoutes)
    .route('/', authRoutes)
    .route('/', oidcRoutes)
    .route('/', tokensRoutes)
    .route('/', environmentsRoutes)
    .route('/', clustersRoutes)
    .route('/', rulesRoutes)
    .route('/', rulesScaleRoutes)
    .route('/', exemptionsRoutes)
    .route('/', ruleActivityRoutes)
    .route('/', findingsRoutes)
    .route('/', vexRoutes)
    .route('/', signersRoutes)
    .route('/', cataloguesRoutes)
    .route('/', notificationsRoutes)
    .route('/', findingsRefreshRoutes(findingsRefreshDeps(deps)))
    .route('/', admissionsRoutes)
    .route('/', auditLogRoutes)
    .route('/', gateRoutes);
}

/**
 * Each operation's bearer requirement names the token scope auth/token-scopes.ts enforces (OpenAPI
 * 3.1 allows role names there for non-OAuth schemes); session-only operations drop bearer.
 */
function documentTokenScopes(api: ReturnType<typeof apiRoutes>): void {
  for (const def of api.openAPIRegistry.definitions) {
    if (def.type !== 'route' || !def.route.security) continue;
    const needed = requiredScope(def.route.method, def.route.path);
    def.route.security = def.route.security.flatMap((req) => {
      if (!('bearer' in req)) return [req];
      return needed === 'session' ? [] : [{ bearer: needed ? [needed] : [] }];
    });
  }
}

export function createApp(deps: AppDeps) {
  const app = createBaseApp(deps);
  app.use(observeRequests);
  const defaultLimit = limitBody(deps.config.bodyLimitBytes);
  const uploadLimit = limitBody(FINDINGS_UPLOAD_LIMIT);
  // A rules document is parsed whole and checked rule by rule: bounded on its own, even when an
  // operator raises GATED_BODY_LIMIT_BYTES for other bodies.
  const importLimit = limitBody(Math.min(RULE_IMPORT_LIMIT, deps.config.bodyLimitBytes));
  const chooseLimit: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.method === 'POST' && c.req.path.startsWith(`${API_PREFIX}/rules/import`)
      ? importLimit(c, next)
      : c.req.method === 'POST' &&
          (c.req.path === `${API_PREFIX}/findings` || c.req.path === `${API_PREFIX}/vex`)
        ? uploadLimit(c, next)
        : c.req.method === 'PUT' && c.req.path.startsWith(`${API_PREFIX}/catalogues/`)
          ? uploadLimit(c, next)
          : defaultLimit(c, next);
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    const path = c.req.path.slice(API_PREFIX.length);
    if (PUBLIC.has(path) || path.startsWith('/docs/')) return next();
    if (path.startsWith('/gate/')) return authenticateGate(c, next);
    return authenticate(c, async () => {
      await enforceRoles(c, next);
    });
  };
  // Credentials first: the guard reads only headers and the store, so a caller without them is answered
  // 401 before up to 32 MiB of body is read and depth-scanned on its behalf.
  app.use(`${API_PREFIX}/*`, guard);
  app.use(`${API_PREFIX}/*`, chooseLimit);
  const api = apiRoutes(deps);
  documentTokenScopes(api);
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'gated_session',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'Personal API token (gdp_…). Each operation lists the scope it needs: read, write, findings:upload or gate; tokens cannot manage tokens.',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'gateToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'Cluster gate token (gdg_…)',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Gated Deployment API',
      version: '1.0.0',
      description:
        'Control plane of Gated Deployment: environments, clusters, rules, findings, admissions, gates.',
    },
    servers: [{ url: API_PREFIX }],
  });
  const routed = app.route(API_PREFIX, api);
  app.route(API_PREFIX, apiDocsRoutes(API_PREFIX));
  // Before the portal: its catch-all would answer these paths with index.html.
  app.route('/', operationsRoutes());
  mountWeb(app, deps.config.webDir);
  return routed;
}

export type AppType = ReturnType<typeof createApp>;
