// The only place that reads import.meta.env (docs/conventions.md#env-read-once).
export const env = {
  /** `vite --mode mock`: the browser talks to the msw worker instead of the BFF. */
  mockApi: import.meta.env.MODE === 'mock',
  isDev: import.meta.env.DEV,
};
