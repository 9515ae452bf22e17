// App providers, outermost first:
// 1. QueryClientProvider: server state (lib/query-client.ts decides retries and error toasts).
// 2. ThemeModeProvider + FluentProvider: light/dark per user. No layout className on the provider:
//    Fluent copies it onto every portal (docs/stack-notes.md#fluent-portals); layout lives on an
//    inner div.
// 3. ToasterHost: the one Toaster that lib/notify feeds.
// 4. PanelErrorBoundary: the last line of defence; panels have their own boundaries.
import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { PanelErrorBoundary } from '@/components/panel-error-boundary';
import { ToasterHost } from '@/components/toaster-host';
import { useMe } from '@/lib/auth';
import { ThemeModeProvider, useThemeMode } from '@/lib/theme';

function ThemedFluent({ children }: { children: ReactNode }) {
  const { mode } = useThemeMode();
  return (
    <FluentProvider
      theme={mode === 'dark' ? webDarkTheme : webLightTheme}
      style={{ minHeight: '100vh' }}
    >
      <ToasterHost />
      <PanelErrorBoundary title="The portal failed to show">{children}</PanelErrorBoundary>
    </FluentProvider>
  );
}

function UserTheme({ children }: { children: ReactNode }) {
  const me = useMe();
  return (
    <ThemeModeProvider username={me.data?.username}>
      <ThemedFluent>{children}</ThemedFluent>
    </ThemeModeProvider>
  );
}

export function AppProvider({
  queryClient,
  children,
}: {
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <UserTheme>{children}</UserTheme>
    </QueryClientProvider>
  );
}
