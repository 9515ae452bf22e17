import { expect, type Locator, type Page } from '@playwright/test';
import { paths } from '../fixtures/paths.js';
import { waitForScreen } from '../fixtures/test.js';

/** Admission monitoring: filters in the URL, the events grid, the chart, the details drawer. */
export class AdmissionsPage {
  constructor(private readonly page: Page) {}

  /** The monitoring URL with filters (`q` free text, `decision`, `namespace` …), as the portal keeps them. */
  url(filters: Record<string, string> = {}): string {
    const search = new URLSearchParams(filters).toString();
    return search ? `${paths.admissions}?${search}` : paths.admissions;
  }

  /** A virtualized table (only rows in view are in the DOM); filter by name to bring a row in. */
  readonly grid = () => this.page.getByRole('table', { name: 'Admission events' });

  /** The grid row of the event for workload `name`. */
  rowFor(name: string): Locator {
    return this.grid().getByRole('row').filter({ hasText: name });
  }

  /** Reloads the screen (same URL and filters) and waits for it to render. */
  async refresh(): Promise<void> {
    await this.page.reload();
    await waitForScreen(this.page);
  }

  /** Opens the details drawer of the event for workload `name` (or of the given row). */
  async openDetails(row: string | Locator): Promise<Locator> {
    await (typeof row === 'string' ? this.rowFor(row) : row).first().click();
    const drawer = this.page.getByRole('dialog');
    await expect(drawer).toBeVisible();
    return drawer;
  }
}
