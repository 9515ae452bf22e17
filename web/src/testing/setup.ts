// Vitest setup: jest-dom matchers, and the msw node server that fakes the API for every test.
// Unhandled requests fail the test, so a component never silently talks to nothing.
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { resetCsrfToken } from '@/lib/api-client';
import { TEST_NOW } from './clock';
import { resetMockDb } from './msw/handlers';
import { server } from './msw/server';

// Lazy screens load their chunks on first use; on a busy 2-core machine that took up to 19 s.
// This bounds how long a test waits for something to appear; it asserts nothing about speed.
configure({ asyncUtilTimeout: 30_000 });

// Events are dispatched as a browser dispatches them, not inside act(). Inside act(), React runs
// a dialog's mount effects (Fluent focuses its first control) in the same task as the DOM commit,
// before the MutationObserver through which Tabster learns that the new surface is a modal: the
// focus then lands in a surface Tabster does not know yet, and its next sweep marks that surface
// aria-hidden (a dialog that "opens hidden", 3 of 8 runs). In a browser, and with this wrapper,
// effects run in a later task, after Tabster has registered the surface. Waits (find*, waitFor)
// still settle React's work, as before.
configure({ eventWrapper: (dispatch: () => unknown) => dispatch() });

// Every test starts at TEST_NOW whatever the machine's date: only `Date` is faked, and it keeps
// moving with real time, so timers, waits and animations behave as in a browser.
vi.useFakeTimers({ now: TEST_NOW, toFake: ['Date'], shouldAdvanceTime: true });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetMockDb();
  resetCsrfToken();
  localStorage.clear();
  vi.setSystemTime(TEST_NOW);
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
