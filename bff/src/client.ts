/** Typed client for the BFF API (`hc<AppType>`), for the portal and scripts. */
import { hc } from 'hono/client';
import type { AppType } from './app.js';

/** The routes' types, for `hc<AppType>` in callers that build their own client (the portal). */
export type { AppType };

/** `hcWithType(baseUrl)` → a client whose paths and payloads are checked against the server's routes. */
export const hcWithType = (...args: Parameters<typeof hc>) => hc<AppType>(...args);
export type Client = ReturnType<typeof hcWithType>;
