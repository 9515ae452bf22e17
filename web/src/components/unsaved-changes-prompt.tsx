// Asks before unsaved edits are lost: in-app navigation is held by react-router's useBlocker (the
// app runs a data router) and answered in a dialog; closing or reloading the tab gets the
// browser's own beforeunload prompt.
import { lazy, Suspense, useEffect } from 'react';
import { useBlocker } from 'react-router';

// Loaded when a navigation is held: the prompt also sits on the first screen (ungated
// registries), whose bundle budget a dialog would break (web/scripts/report-bundle.mjs).
const ConfirmDialog = lazy(async () => ({
  default: (await import('./confirm-dialog')).ConfirmDialog,
}));

export interface UnsavedChangesPromptProps {
  /** Edits would be lost (e.g. the form is dirty and not being saved). */
  when: boolean;
  /** What would be lost, for the dialog ("your changes to this rule"). */
  what: string;
}

export function UnsavedChangesPrompt({ when, what }: UnsavedChangesPromptProps) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      when && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!when) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [when]);
  if (blocker.state !== 'blocked') return null;
  return (
    <Suspense fallback={null}>
      <ConfirmDialog
        open
        title="Leave without saving?"
        confirmLabel="Leave"
        destructive
        onConfirm={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      >
        You have unsaved changes: {what} will be lost.
      </ConfirmDialog>
    </Suspense>
  );
}
