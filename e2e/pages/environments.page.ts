import { expect, type Locator, type Page } from '@playwright/test';

export type ToggleLabel =
  'Defender Sensor' | 'Security Gating' | 'Registry Access' | 'Security Findings';

/** Environment settings: cloud accounts on the left, the selected one's extensions and clusters on the right. */
export class EnvironmentsPage {
  constructor(private readonly page: Page) {}

  readonly list = () => this.page.getByRole('navigation', { name: 'Environments' });

  /** Selects the environment in the list and returns the details panel (the main area). */
  async open(name: string): Promise<Locator> {
    await this.list()
      .getByRole('button', { name: new RegExp(name.replace(/[()]/g, '\\$&')) })
      .click();
    await expect(this.page.getByRole('heading', { level: 2, name })).toBeVisible();
    return this.page.getByRole('main');
  }

  toggle(details: Locator, label: ToggleLabel): Locator {
    return details.getByRole('switch', { name: label });
  }

  /** The confirmation shown before Defender Sensor or Security Gating goes off. */
  switchOffDialog(label: ToggleLabel): Locator {
    return this.page.getByRole('alertdialog', { name: `Turn off ${label}?` });
  }

  /** Flips a switch (confirming a switch-off of gating) and waits for the server-confirmed state. */
  async setToggle(details: Locator, label: ToggleLabel, on: boolean): Promise<void> {
    const toggle = this.toggle(details, label);
    await expect(toggle).toBeEnabled();
    if ((await toggle.isChecked()) !== on) {
      const gatingOn = await this.toggle(details, 'Security Gating').isChecked();
      await toggle.click();
      if (!on && gatingOn && (label === 'Defender Sensor' || label === 'Security Gating')) {
        const dialog = this.switchOffDialog(label);
        await dialog.getByRole('button', { name: 'Turn off' }).click();
        await expect(dialog).toBeHidden();
      }
    }
    await expect(toggle).toBeChecked({ checked: on });
  }
}
