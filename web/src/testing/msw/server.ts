import { setupServer } from 'msw/node';
import { handlers } from './handlers';

/** The msw server of component tests; tests add overrides with `server.use(...)`. */
export const server = setupServer(...handlers);
