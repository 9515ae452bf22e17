import { expect, type Locator, type Page } from '@playwright/test';

export type WizardStepLabel = 'Basics' | 'Scope' | 'Conditions' | 'Exemptions' | 'Review';
/** Match operators as the wizard labels them. */
export type MatchLabel = 'Equals' | 'Starts with' | 'Ends with' | 'Contains' | 'Not equals';

export interface ExemptionDraft {
  type: 'CVE' | 'Deployment' | 'Image' | 'Namespace' | 'Pod' | 'Registry' | 'Repository';
  match: Exclude<MatchLabel, 'Not equals'>;
  value: string;
  /** Time-bound: last day (YYYY-MM-DD), picked in the DatePicker. */
  validUntil?: string;
  reason?: string;
}

/** The rule wizard (Basics → Scope → Conditions → Exemptions → Review), for adding and editing. */
export class RuleWizard {
  constructor(private readonly page: Page) {}

  readonly name = () => this.page.getByRole('textbox', { name: 'Name', exact: true });
  readonly description = () => this.page.getByRole('textbox', { name: 'Description' });
  readonly nextButton = () => this.page.getByRole('button', { name: 'Next', exact: true });
  readonly saveButton = () => this.page.getByRole('button', { name: /^(save|create rule|save rule)/i });
  readonly exemptionTimeZone = (index = 0) => this.exemption(index).getByRole('combobox', { name: /time zone/i });

  private exemption(index: number): Locator {
    return this.page.getByRole('group', { name: `Exemption ${index + 1}` });
  }

  async fillBasics(input: { name: string; action: 'Audit' | 'Deny'; description?: string }): Promise<void> {
    await this.name().fill(input.name);
    if (input.description !== undefined) await this.description().fill(input.description);
    await this.page.getByRole('radio', { name: input.action }).check();
  }

  async next(): Promise<void> {
    await this.nextButton().click();
  }

  async goToStep(step: WizardStepLabel): Promise<void> {
    await this.page.getByRole('tab', { name: new RegExp(step) }).click();
    await expect(this.page.getByRole('tab', { name: new RegExp(step) })).toHaveAttribute('aria-selected', 'true');
  }

  async fillScope(input: { name: string; conditions: { kind: string; match: MatchLabel; value: string }[] }): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Scope name' }).fill(input.name);
    for (const [i, c] of input.conditions.entries()) {
      await this.page.getByRole('button', { name: /add (resource )?condition/i }).click();
      const row = this.page.getByRole('group', { name: `Resource condition ${i + 1}` });
      await this.choose(row.getByRole('combobox', { name: 'Resource' }), c.kind);
      await this.choose(row.getByRole('combobox', { name: 'Match' }), c.match);
      await row.getByRole('textbox', { name: 'Value' }).fill(c.value);
    }
  }

  async setSeverityThreshold(severity: 'Critical' | 'High' | 'Medium' | 'Low', maxAllowed: number): Promise<void> {
    await this.page.getByRole('button', { name: /add (severity )?threshold/i }).click();
    const row = this.page.getByRole('group', { name: /threshold 1/i });
    await this.choose(row.getByRole('combobox', { name: 'Severity' }), severity);
    await row.getByRole('spinbutton', { name: /max/i }).fill(String(maxAllowed));
  }

  async addExemption(input: ExemptionDraft): Promise<void> {
    await this.page.getByRole('button', { name: /add exemption/i }).click();
    const index = (await this.page.getByRole('group', { name: /^Exemption \d+$/ }).count()) - 1;
    const row = this.exemption(index);
    await this.choose(row.getByRole('combobox', { name: 'Type' }), input.type);
    await this.choose(row.getByRole('combobox', { name: 'Match' }), input.match);
    await row.getByRole('textbox', { name: 'Value' }).fill(input.value);
    if (input.reason !== undefined) await row.getByRole('textbox', { name: 'Reason' }).fill(input.reason);
    if (input.validUntil !== undefined) {
      await row.getByRole('switch', { name: /time-bound/i }).check();
      await this.setExemptionValidUntil(index, input.validUntil);
    }
  }

  async openValidUntilCalendar(index: number): Promise<Locator> {
    const row = this.exemption(index);
    const timeBound = row.getByRole('switch', { name: /time-bound/i });
    if (!(await timeBound.isChecked())) await timeBound.check();
    await row.getByRole('combobox', { name: /valid until/i }).click();
    const calendar = this.page.getByRole('dialog').filter({ has: this.page.getByRole('grid') });
    await expect(calendar).toBeVisible();
    return calendar;
  }

  /** Picks `date` (YYYY-MM-DD) in the exemption's DatePicker calendar, paging months as needed. */
  async setExemptionValidUntil(index: number, date: string): Promise<void> {
    const calendar = await this.openValidUntilCalendar(index);
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const target = new Date(Date.UTC(y, m - 1, d));
    const monthName = target.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
    const dayLabel = target.toLocaleString('en-US', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    for (let i = 0; i < 24; i++) {
      const header = await calendar.getByRole('button', { name: /\w+ \d{4}/ }).first().textContent();
      if (header?.includes(`${monthName} ${y}`)) break;
      const shown = header ? new Date(`${header} 1 UTC`) : target;
      await calendar.getByRole('button', { name: shown < target ? /next month/i : /previous month/i }).click();
    }
    await calendar.getByRole('gridcell', { name: dayLabel }).getByRole('button').click();
    await expect(this.exemption(index).getByRole('combobox', { name: /valid until/i })).not.toHaveValue('');
  }

  /** Saves and waits to be back on the rules list. */
  async save(): Promise<void> {
    await this.saveButton().click();
    await expect(this.page).toHaveURL(/\/rules(\?.*)?$/);
  }

  /** Saves where the server will refuse with 412; stays in the wizard. */
  async saveExpectingConflict(): Promise<void> {
    await this.saveButton().click();
  }

  /** Opens a Fluent Dropdown/Combobox and picks the option. */
  private async choose(control: Locator, option: string): Promise<void> {
    await control.click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }
}
