import { expect, type Locator, type Page } from '@playwright/test';

/** The audit log (`/audit-log`): filters kept in the URL and a read-only table of changes. */
export class AuditLogPage {
  constructor(private readonly page: Page) {}

  readonly table = () => this.page.getByRole('table', { name: 'Audit log' });

  /** The row of the first entry matching every given text. */
  row(...texts: string[]): Locator {
    let rows = this.table().getByRole('row');
    for (const t of texts) rows = rows.filter({ hasText: t });
    return rows.first();
  }

  async filter(f: { actor?: string; action?: string; target?: string }): Promise<void> {
    if (f.actor !== undefined)
      await this.page.getByRole('textbox', { name: 'Actor' }).fill(f.actor);
    if (f.action !== undefined)
      await this.page.getByRole('textbox', { name: /^Action/ }).fill(f.action);
    if (f.target !== undefined)
      await this.page.getByRole('textbox', { name: 'Target id' }).fill(f.target);
    await this.page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(this.table().or(this.page.getByText('No changes match'))).toBeVisible();
  }
}
