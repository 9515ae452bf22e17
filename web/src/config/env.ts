// The only place that reads import.meta.env (STYLE.md §3).
export const env = {
  /** `vite --mode mock`: the browser talks to the msw worker instead of the BFF. */
  mockApi: import.meta.env.MODE === 'mock',
  isDev: import.meta.env.DEV,
};
