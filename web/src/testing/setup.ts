// Vitest setup: jest-dom matchers, and the msw node server that fakes the API for every test.
// Unhandled requests fail the test, so a component never silently talks to nothing.
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { resetCsrfToken } from '../lib/api-client';
import { resetMockDb } from './msw/handlers';
import { server } from './msw/server';

// Lazy screens load their chunks on first use; on a busy 2-core machine that took up to 19 s.
// This bounds how long a test waits for something to appear; it asserts nothing about speed.
configure({ asyncUtilTimeout: 30_000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetMockDb();
  resetCsrfToken();
  localStorage.clear();
});
afterAll(() => server.close());

// jsdom has no 2D canvas and logs loudly when asked; the chart falls back to text totals.
HTMLCanvasElement.prototype.getContext = () => null;

// jsdom lacks these; Fluent (and @tanstack/react-virtual) call them.
if (!('ResizeObserver' in globalThis)) {
  class ResizeObserverStub {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  globalThis.ResizeObserver = ResizeObserverStub;
}
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// jsdom does no layout, so every element measures 0×0 and a virtualized list would render no
// rows. Give elements a viewport-like size (only the virtualizer reads it).
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get: () => 600,
});
Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get: () => 1200,
});
