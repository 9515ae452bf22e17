// `vite --mode mock`: the whole API answered in the browser by the in-memory fake.
import { setupWorker } from 'msw/browser';
import { handlers } from './handlers';
import { signInAs } from './mock-db';

export async function startMockWorker(): Promise<void> {
  // Start signed in as the admin; sign out and in as `reader` / `password` to see the read-only portal.
  signInAs('SecurityAdmin');
  await setupWorker(...handlers).start({ onUnhandledRequest: 'bypass', quiet: true });
}
