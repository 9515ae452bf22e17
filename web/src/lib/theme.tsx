// Light/dark theme, remembered per user in localStorage (`gated.theme.<username>`).
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

export type ThemeMode = 'light' | 'dark';

interface ThemeState {
  mode: ThemeMode;
  setMode: (mode: ThemeMode) => void;
}

const ThemeContext = createContext<ThemeState>({ mode: 'light', setMode: () => undefined });

const storageKey = (username: string | undefined) => `gated.theme.${username ?? 'anonymous'}`;

function readMode(username: string | undefined): ThemeMode {
  try {
    const stored = localStorage.getItem(storageKey(username));
    if (stored === 'dark' || stored === 'light') return stored;
  } catch {
    // storage blocked (private mode): fall back to the system preference
  }
  return typeof window.matchMedia === 'function' &&
    window.matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

/** Holds the theme of `username`; re-reads the remembered choice when the user changes. */
export function ThemeModeProvider({
  username,
  children,
}: {
  username: string | undefined;
  children: ReactNode;
}) {
  const [state, setState] = useState(() => ({ username, mode: readMode(username) }));
  // Derived-state reset when another user signs in (no effect needed).
  const current = state.username === username ? state : { username, mode: readMode(username) };
  if (current !== state) setState(current);
  const setMode = useCallback(
    (mode: ThemeMode) => {
      try {
        localStorage.setItem(storageKey(username), mode);
      } catch {
        // not remembered, still applied
      }
      setState({ username, mode });
    },
    [username],
  );
  const value = useMemo(() => ({ mode: current.mode, setMode }), [current.mode, setMode]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useThemeMode(): ThemeState {
  return useContext(ThemeContext);
}
