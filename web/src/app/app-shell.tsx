import { Badge, Button, mergeClasses, Spinner, Switch, Text } from '@fluentui/react-components';
import {
  DocumentSearchRegular,
  PersonRegular,
  ShieldCheckmarkRegular,
  ShieldTaskRegular,
  SettingsRegular,
  SignOutRegular,
  TextBulletListSquareRegular,
} from '@fluentui/react-icons';
import { lazy, Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PanelErrorBoundary } from '@/components/panel-error-boundary';
import { paths } from '@/config/paths';
import { useMe, useSignOut } from '@/lib/auth';
import { useThemeMode } from '@/lib/theme';
import { useAppShellStyles } from './app-shell.styles';

// Lazy: the badge's query and schema stay out of the sign-in + first-screen bundle budget.
const ExpiringExemptionsBadge = lazy(() => import('./expiring-exemptions-badge'));

const NAV = [
  { value: paths.environments.path, label: 'Environment settings', icon: <SettingsRegular /> },
  { value: paths.rules.path, label: 'Security rules', icon: <ShieldTaskRegular /> },
  {
    value: paths.admissions.path,
    label: 'Admission monitoring',
    icon: <TextBulletListSquareRegular />,
  },
  { value: paths.auditLog.path, label: 'Audit log', icon: <DocumentSearchRegular /> },
];

/** Header (user, role, theme, sign-out), left navigation and the routed screen. */
export function AppShell() {
  const styles = useAppShellStyles();
  const me = useMe().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const { mode, setMode } = useThemeMode();
  const selected = NAV.find((n) => location.pathname.startsWith(n.value))?.value;

  return (
    <div className={styles.root}>
      <a className={styles.skipLink} href="#main">
        Skip to content
      </a>
      <header className={styles.header}>
        <ShieldCheckmarkRegular aria-hidden fontSize={24} />
        <Text weight="semibold" size={400} className={styles.brand}>
          Gated Deployment
        </Text>
        <Switch
          className={styles.onBrand}
          checked={mode === 'dark'}
          onChange={(_e, data) => setMode(data.checked ? 'dark' : 'light')}
          label={<span className={styles.onBrand}>Dark theme</span>}
        />
        {me && (
          <div className={styles.user}>
            <PersonRegular aria-hidden fontSize={20} />
            <Text className={styles.onBrand}>{me.username}</Text>
            <Badge
              appearance="filled"
              color={me.role === 'SecurityAdmin' ? 'important' : 'informative'}
            >
              {me.role === 'SecurityAdmin' ? 'Security Admin' : 'Security Reader'}
            </Badge>
          </div>
        )}
        <Button
          appearance="transparent"
          className={styles.onBrand}
          icon={<SignOutRegular />}
          onClick={() =>
            signOut.mutate(undefined, { onSettled: () => void navigate(paths.signIn.path) })
          }
        >
          Sign out
        </Button>
      </header>
      {/* Fluent's NavDrawer pulls in Drawer + Dialog (~20 KB gzip) before the first screen; subtle
          link-buttons look the same and keep sign-in + first screen within the bundle budget. */}
      <nav className={styles.nav} aria-label="Main navigation">
        <ul className={styles.navList}>
          {NAV.map((item) => (
            <li key={item.value}>
              <Button
                as="a"
                href={item.value}
                appearance="subtle"
                icon={item.icon}
                aria-current={item.value === selected ? 'page' : undefined}
                className={mergeClasses(
                  styles.navItem,
                  item.value === selected && styles.navItemSelected,
                )}
                onClick={(event) => {
                  event.preventDefault();
                  void navigate(item.value);
                }}
              >
                <span>{item.label}</span>
                {item.value === paths.rules.path && (
                  <Suspense fallback={null}>
                    <ExpiringExemptionsBadge className={styles.navBadge} />
                  </Suspense>
                )}
              </Button>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className={styles.main}>
        <PanelErrorBoundary key={location.pathname.split('/')[1]}>
          <Suspense fallback={<Spinner label="Loading…" />}>
            <Outlet />
          </Suspense>
        </PanelErrorBoundary>
      </main>
    </div>
  );
}
