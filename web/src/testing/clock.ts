// The one "now" of the web tests. Setup fakes `Date` to start here (timers stay real, and the
// faked clock advances with them), and the msw factories date their data relative to it, so a
// test reads the same data on any day it runs — including under `faketime '+400 days'`.
export const TEST_NOW = Date.parse('2026-11-21T13:00:00.000Z');
