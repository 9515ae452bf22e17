import { useMemo } from 'react';
import { notify } from '@/lib/notify';

/** Toasts from components: `toast.success('Saved')`, `toast.error('Not saved', 'Try again')`. */
export function useToast() {
  return useMemo(
    () => ({
      success: (title: string, body?: string) => notify({ intent: 'success', title, body }),
      error: (title: string, body?: string) => notify({ intent: 'error', title, body }),
      warning: (title: string, body?: string) => notify({ intent: 'warning', title, body }),
      info: (title: string, body?: string) => notify({ intent: 'info', title, body }),
    }),
    [],
  );
}
