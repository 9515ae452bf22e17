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

  /** Adds the rule to the selection (the grid selects several, for bulk actions). */
  async select(name: string): Promise<void> {
    await this.grid()
      .getByRole('checkbox', { name: `Select ${name}` })
      .check();
  }

  async unselect(name: string): Promise<void> {
    await this.grid()
      .getByRole('checkbox', { name: `Select ${name}` })
      .uncheck();
  }

  /** The bar that acts on two or more selected rules. */
  readonly selectionBar = () => this.page.getByRole('toolbar', { name: 'Selected rules' });
  readonly duplicate = () =>
    this.page.getByRole('toolbar').getByRole('button', { name: 'Duplicate' });
  readonly importButton = () =>
    this.page.getByRole('toolbar').getByRole('button', { name: 'Import', exact: true });
  readonly importDialog = () => this.page.getByRole('dialog', { name: 'Import rules' });
  readonly importPreview = () => this.importDialog().getByRole('table', { name: 'Import preview' });

  /** Opens Import, pastes `document` and asks for the per-rule preview. */
  async previewImport(document: string): Promise<void> {
    if (!(await this.importDialog().isVisible())) await this.importButton().click();
    await this.importDialog()
      .getByRole('textbox', { name: /Rules document/ })
      .fill(document);
    await this.importDialog().getByRole('button', { name: 'Preview' }).click();
    await expect(this.importPreview()).toBeVisible();
  }

  /** Selects the rule and opens it in the wizard. */
  async openEditor(name: string): Promise<void> {
    await this.select(name);
    await this.edit().click();
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(`Edit rule: ${name}`);
  }
}
