import { expect, type Page } from '@playwright/test';
import { paths } from '../fixtures/paths.js';

/** The portal's sign-in form (built-in accounts). */
export class SignInPage {
  constructor(private readonly page: Page) {}

  readonly userName = () => this.page.getByLabel('User name');
  readonly password = () => this.page.getByLabel('Password');
  readonly submit = () => this.page.getByRole('button', { name: 'Sign in' });

  async open(): Promise<void> {
    await this.page.goto(paths.signIn);
    await expect(this.page.getByRole('heading', { level: 1, name: /sign in/i })).toBeVisible();
  }

  /** Signs in and waits until the portal shell (the user's name in the header) is there. */
  async signIn(username: string, password: string): Promise<void> {
    await this.userName().fill(username);
    await this.password().fill(password);
    await this.submit().click();
    await expect(this.page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
    await expect(this.page.getByRole('banner').getByText(username, { exact: true })).toBeVisible();
  }
}
