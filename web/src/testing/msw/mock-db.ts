// The in-memory state behind the fake API. Tests arrange data through `db` and the factories;
// `resetMockDb()` (run after every test) restores the seed.
import type {
  AdmissionEvent,
  ApiToken,
  AuditEntry,
  CatalogueSummary,
  Cluster,
  Environment,
  NotificationChannel,
  NotificationDelivery,
  Role,
  Rule,
  SignInOptions,
} from '@gated/shared';
import {
  makeAdmissionEvent,
  makeCluster,
  makeEnvironment,
  makeRule,
  resetFactorySequence,
} from './factories';

export interface MockSession {
  username: string;
  role: Role;
  csrfToken: string;
}

export interface MockDb {
  /** The signed-in user (the fake's cookie); null when signed out. */
  session: MockSession | null;
  /** Accounts the fake sign-in accepts (password for both: `password`). */
  users: Record<string, Role>;
  /** What `GET /auth/providers` answers (tests switch single sign-on on). */
  signInOptions: SignInOptions;
  environments: Environment[];
  clusters: Cluster[];
  rules: Rule[];
  /** Newest first. */
  admissions: AdmissionEvent[];
  tokens: ApiToken[];
  /** Gate tokens handed out at registration, by cluster id. */
  gateTokens: Record<string, string>;
  /** Imported CISA KEV / FIRST EPSS catalogues (catalogue-handlers.ts). */
  catalogues: CatalogueSummary[];
  notifications: MockNotifications;
  /** Audit entries, newest first (tests arrange them; rule-details-handlers.ts reads them). */
  audit: AuditEntry[];
}

/** Notification channels (with what the API never shows) and their deliveries, newest first. */
export interface MockNotifications {
  channels: (NotificationChannel & { url: string; secret: string | null })[];
  deliveries: NotificationDelivery[];
}

export const MOCK_PASSWORD = 'password';

function seed(): MockDb {
  resetFactorySequence();
  const environments = [
    makeEnvironment({
      id: 'env-1',
      name: 'Contoso production',
      cloud: 'Azure',
      accountId: '0f6a1c2e-1111-2222-3333-444455556666',
    }),
    makeEnvironment({
      id: 'env-2',
      name: 'Shop on AWS',
      cloud: 'AWS',
      accountId: '123456789012',
      extensions: {
        defenderSensor: { enabled: false, securityGating: false },
        registryAccess: { enabled: true, securityFindings: true },
      },
      gatingInstalledAt: null,
    }),
    makeEnvironment({
      id: 'env-3',
      name: 'Analytics',
      cloud: 'GCP',
      accountId: 'analytics-prod-42',
    }),
  ];
  const clusters = [
    makeCluster({ id: 'cluster-1', environmentId: 'env-1', name: 'aks-prod-1' }),
    makeCluster({
      id: 'cluster-2',
      environmentId: 'env-1',
      name: 'aks-staging',
      lastSeenAt: null,
      gateVersion: null,
      policyRevision: null,
      gateP99Ms: null,
    }),
    makeCluster({
      id: 'cluster-3',
      environmentId: 'env-3',
      name: 'gke-analytics',
      provider: 'GKE',
    }),
  ];
  const rules = [
    makeRule({ id: 'rule-default', name: 'Default: High or Critical', action: 'Audit' }),
    makeRule({
      id: 'rule-deny-critical',
      name: 'Deny critical in production',
      action: 'Deny',
      conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }], cveIds: [] },
      scope: {
        name: 'Production',
        cloudScopes: ['env-1'],
        resourceConditions: [{ kind: 'Namespace', match: 'StartsWith', value: 'shop' }],
      },
    }),
  ];
  const admissions: AdmissionEvent[] = [];
  // Denials come from the Deny rule, audits from the default Audit rule (see makeAdmissionEvent).
  for (let i = 0; i < 60; i++) admissions.push(makeAdmissionEvent({}, rules[1]));
  return {
    session: null,
    users: { admin: 'SecurityAdmin', reader: 'SecurityReader' },
    signInOptions: { password: true, oidc: null },
    environments,
    clusters,
    rules,
    admissions,
    tokens: [],
    gateTokens: {},
    catalogues: [],
    notifications: { channels: [], deliveries: [] },
    audit: [],
  };
}

export const db: MockDb = seed();

/** Restores the seed data and signs out. */
export function resetMockDb(): void {
  Object.assign(db, seed());
}

/** Signs a user in on the fake (what the session cookie would do). */
export function signInAs(
  role: Role | null,
  username = role === 'SecurityReader' ? 'reader' : 'admin',
): MockSession | null {
  db.session = role ? { username, role, csrfToken: `csrf-${username}` } : null;
  return db.session;
}
