import type { FullConfig } from '@playwright/test';

export default async function globalTeardown(_config: FullConfig): Promise<void> {
  await globalThis.gatedE2eStack?.shutdown();
  globalThis.gatedE2eStack = undefined;
}
