import {
  Avatar,
  Badge,
  Button,
  NavDrawer,
  NavDrawerBody,
  NavItem,
  Spinner,
  Switch,
  Text,
} from '@fluentui/react-components';
import { ShieldCheckmarkRegular, ShieldTaskRegular, SettingsRegular, SignOutRegular, TextBulletListSquareRegular } from '@fluentui/react-icons';
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PanelErrorBoundary } from '../components/panel-error-boundary';
import { paths } from '../config/paths';
import { useMe, useSignOut } from '../lib/auth';
import { useThemeMode } from '../lib/theme';
import { useAppShellStyles } from './app-shell.styles';

const NAV = [
  { value: paths.environments.path, label: 'Environment settings', icon: <SettingsRegular /> },
  { value: paths.rules.path, label: 'Security rules', icon: <ShieldTaskRegular /> },
  { value: paths.admissions.path, label: 'Admission monitoring', icon: <TextBulletListSquareRegular /> },
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
            <Avatar name={me.username} size={28} aria-hidden />
            <Text className={styles.onBrand}>{me.username}</Text>
            <Badge appearance="filled" color={me.role === 'SecurityAdmin' ? 'important' : 'informative'}>
              {me.role === 'SecurityAdmin' ? 'Security Admin' : 'Security Reader'}
            </Badge>
          </div>
        )}
        <Button
          appearance="transparent"
          className={styles.onBrand}
          icon={<SignOutRegular />}
          onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate(paths.signIn.path) })}
        >
          Sign out
        </Button>
      </header>
      <NavDrawer open type="inline" selectedValue={selected} className={styles.nav} aria-label="Main navigation">
        <NavDrawerBody>
          {NAV.map((item) => (
            <NavItem
              key={item.value}
              value={item.value}
              href={item.value}
              icon={item.icon}
              onClick={(event) => {
                event.preventDefault();
                void navigate(item.value);
              }}
            >
              {item.label}
            </NavItem>
          ))}
        </NavDrawerBody>
      </NavDrawer>
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
