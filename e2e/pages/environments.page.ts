import { expect, type Locator, type Page } from '@playwright/test';

export type ToggleLabel = 'Defender Sensor' | 'Security Gating' | 'Registry Access' | 'Security Findings';

/** Environment settings: one section per cloud account with its plan-extension switches and clusters. */
export class EnvironmentsPage {
  constructor(private readonly page: Page) {}

  /** The section of the environment named `name` (a labelled region). */
  environment(name: string): Locator {
    return this.page.getByRole('region', { name });
  }

  toggle(environment: Locator, label: ToggleLabel): Locator {
    return environment.getByRole('switch', { name: label });
  }

  /** Flips a switch and waits for the server-confirmed state (the switch is optimistic). */
  async setToggle(environment: Locator, label: ToggleLabel, on: boolean): Promise<void> {
    const toggle = this.toggle(environment, label);
    await expect(toggle).toBeEnabled();
    if ((await toggle.isChecked()) !== on) await toggle.click();
    await expect(toggle).toBeChecked({ checked: on });
  }
}
