// Every portal route in one place, with builders, so links, the router and e2e tests agree.
export const paths = {
  signIn: {
    path: '/sign-in',
    build: (from?: string) => (from ? `/sign-in?from=${encodeURIComponent(from)}` : '/sign-in'),
  },
  environments: { path: '/environments', build: () => '/environments' },
  rules: { path: '/rules', build: () => '/rules' },
  newRule: { path: '/rules/new', build: () => '/rules/new' },
  /** The wizard prefilled with a copy of a rule, saved as a new rule. */
  duplicateRule: {
    path: '/rules/new',
    build: (ruleId: string) => `/rules/new?duplicate=${encodeURIComponent(ruleId)}`,
  },
  expiringExemptions: {
    path: '/rules/exemptions/expiring',
    build: () => '/rules/exemptions/expiring',
  },
  editRule: {
    path: '/rules/:ruleId/edit',
    build: (ruleId: string) => `/rules/${encodeURIComponent(ruleId)}/edit`,
  },
  /** Read-only details of one rule, for every role (docs/decisions/130). */
  ruleDetails: {
    path: '/rules/:ruleId/details',
    build: (ruleId: string) => `/rules/${encodeURIComponent(ruleId)}/details`,
  },
  auditLog: {
    path: '/audit-log',
    build: (search?: string) => (search ? `/audit-log?${search.replace(/^\?/, '')}` : '/audit-log'),
  },
  admissions: {
    path: '/admissions',
    build: (search?: string) =>
      search ? `/admissions?${search.replace(/^\?/, '')}` : '/admissions',
  },
  admission: {
    path: '/admissions/:eventId',
    build: (eventId: string, search?: string) =>
      `/admissions/${encodeURIComponent(eventId)}${search ? `?${search.replace(/^\?/, '')}` : ''}`,
  },
} as const;

/** Where a signed-in user lands. */
export const HOME_PATH = paths.environments.path;
