import { expect, type Locator, type Page } from '@playwright/test';
import { waitForScreen } from '../fixtures/test.js';

export type ActivityWindowLabel = 'Last 24 hours' | 'Last 7 days';

/** Rule details (`/rules/:id/details`): the rule in plain language, exemptions, activity, history. */
export class RuleDetailsPage {
  constructor(private readonly page: Page) {}

  readonly heading = () => this.page.getByRole('heading', { level: 1 });
  readonly sentence = () => this.page.getByTestId('rule-sentence');
  readonly exemptions = () => this.page.getByRole('table', { name: 'Exemptions' });
  readonly history = () => this.page.getByRole('list', { name: 'Rule history' });
  readonly monitoringLink = () =>
    this.page.getByRole('link', { name: 'Show these admissions in Admission monitoring' });

  /** The counts group of a window ("Admissions, Last 24 hours"). */
  counts(window: ActivityWindowLabel = 'Last 24 hours'): Locator {
    return this.page.getByRole('group', { name: `Admissions, ${window}` });
  }

  /** The number shown under Denied / Audited / Allowed. */
  async count(
    label: 'Denied' | 'Audited' | 'Allowed',
    window?: ActivityWindowLabel,
  ): Promise<number> {
    const item = this.counts(window).locator('div').filter({ hasText: label });
    return Number((await item.getByRole('definition').innerText()).replace(/\D/g, ''));
  }

  async selectWindow(window: ActivityWindowLabel): Promise<void> {
    await this.page.getByRole('tab', { name: window }).click();
    await expect(this.counts(window)).toBeVisible();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await waitForScreen(this.page);
  }
}
