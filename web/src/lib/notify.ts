// A tiny bridge from non-React code (the QueryCache callbacks) to the Fluent toaster, which can
// only be driven from inside React. The toaster host subscribes; everyone else publishes.
export type NoticeIntent = 'success' | 'error' | 'warning' | 'info';
export interface Notice {
  intent: NoticeIntent;
  title: string;
  body?: string;
  /** A button in the toast, e.g. Undo after a disable or delete. */
  action?: { label: string; onClick: () => void };
}
type Listener = (notice: Notice) => void;

const listeners = new Set<Listener>();

/** Shows a toast (when a toaster host is mounted). */
export function notify(notice: Notice): void {
  for (const listener of listeners) listener(notice);
}

/** Subscribes a toaster host; returns the unsubscribe function. */
export function subscribeNotices(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
