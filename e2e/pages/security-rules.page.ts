import { expect, type Locator, type Page } from '@playwright/test';

/** Security rules → Vulnerability assessment: the rules grid and its command bar. */
export class RulesPage {
  constructor(private readonly page: Page) {}

  readonly grid = () => this.page.getByRole('grid', { name: 'Security rules' });
  readonly addRule = () => this.page.getByRole('toolbar').getByRole('button', { name: 'Add rule' });
  readonly edit = () => this.page.getByRole('toolbar').getByRole('button', { name: 'Edit' });

  /** The grid row of the rule named `name`. */
  row(name: string): Locator {
    return this.grid().getByRole('row').filter({ hasText: name });
  }

  async select(name: string): Promise<void> {
    await this.grid()
      .getByRole('radio', { name: `Select ${name}` })
      .check();
  }

  /** Selects the rule and opens it in the wizard. */
  async openEditor(name: string): Promise<void> {
    await this.select(name);
    await this.edit().click();
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(`Edit rule: ${name}`);
  }
}
