import { expect, type Page } from '@playwright/test';

export type ThemeMode = 'light' | 'dark';

/** Header and left navigation around every signed-in screen. */
export class AppShell {
  constructor(private readonly page: Page) {}

  readonly nav = () => this.page.getByRole('navigation', { name: 'Main navigation' });
  readonly themeSwitch = () => this.page.getByRole('switch', { name: 'Dark theme' });
  readonly signOut = () => this.page.getByRole('button', { name: 'Sign out' });

  async goTo(
    screen: 'Environment settings' | 'Security rules' | 'Admission monitoring',
  ): Promise<void> {
    await this.nav().getByText(screen, { exact: true }).click();
    await expect(this.page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  }

  /** Switches the header's theme switch to `mode` (remembered per user by the portal). */
  async setTheme(mode: ThemeMode): Promise<void> {
    const wantDark = mode === 'dark';
    if ((await this.themeSwitch().isChecked()) !== wantDark) await this.themeSwitch().click();
    await expect(this.themeSwitch()).toBeChecked({ checked: wantDark });
  }
}
