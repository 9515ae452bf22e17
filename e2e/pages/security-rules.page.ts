import { expect, type Locator, type Page } from '@playwright/test';

/** Security rules → Vulnerability assessment: the rules grid and its commands. */
export class RulesPage {
  constructor(private readonly page: Page) {}

  readonly grid = () => this.page.getByRole('grid');
  readonly addRule = () => this.page.getByRole('button', { name: /add rule/i });

  /** The grid row of the rule named `name`. */
  row(name: string): Locator {
    return this.grid().getByRole('row').filter({ hasText: name });
  }

  async openEditor(name: string): Promise<void> {
    await this.row(name).getByRole('button', { name: /edit/i }).click();
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText(/edit/i);
  }
}
