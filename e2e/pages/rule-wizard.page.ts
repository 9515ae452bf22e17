import { expect, type Locator, type Page } from '@playwright/test';

export type WizardStepLabel = 'Basics' | 'Scope' | 'Conditions' | 'Exemptions' | 'Review';
/** Match operators as the wizard labels them. */
export type MatchLabel = 'Equals' | 'Starts with' | 'Ends with' | 'Contains' | 'Not equals';
export type SeverityLabel = 'Critical' | 'High' | 'Medium' | 'Low';

export interface ExemptionDraft {
  type: 'CVE' | 'Deployment' | 'Image' | 'Namespace' | 'Pod' | 'Registry' | 'Repository';
  match: Exclude<MatchLabel, 'Not equals'>;
  value: string;
  /** Time-bound: last day (YYYY-MM-DD), picked in the DatePicker's calendar. */
  validUntil?: string;
  reason?: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The rule wizard (Basics → Scope → Conditions → Exemptions → Review), for adding and editing. */
export class RuleWizard {
  constructor(private readonly page: Page) {}

  readonly name = () => this.page.getByRole('textbox', { name: 'Rule name' });
  readonly description = () => this.page.getByRole('textbox', { name: 'Description' });
  readonly nextButton = () => this.page.getByRole('button', { name: 'Next', exact: true });
  /** "Add rule" on the last step of a new rule, "Save changes" on any step of an edit. */
  readonly saveButton = () =>
    this.page.getByRole('form').getByRole('button', { name: /^(Add rule|Save changes)$/ });
  readonly conflictDialog = () =>
    this.page.getByRole('alertdialog', { name: 'Changed by someone else' });

  exemption(index: number): Locator {
    return this.page.getByRole('region', { name: `Exemption ${index + 1}` });
  }

  readonly exemptionTimeZone = (index = 0) =>
    this.exemption(index).getByRole('combobox', { name: /time zone/i });
  readonly exemptionValidUntil = (index = 0) =>
    this.exemption(index).getByRole('combobox', { name: /valid until/i });

  async fillBasics(input: {
    name: string;
    action: 'Audit' | 'Deny';
    description?: string;
  }): Promise<void> {
    await this.name().fill(input.name);
    if (input.description !== undefined) await this.description().fill(input.description);
    await this.page.getByRole('radio', { name: new RegExp(`^${input.action}:`) }).check();
  }

  /** Next, and wait until the following step's heading is shown. */
  async next(): Promise<void> {
    const before = await this.currentStep().textContent();
    await this.nextButton().click();
    await expect(this.currentStep()).not.toHaveText(before ?? '');
  }

  private currentStep(): Locator {
    return this.page.getByRole('tab', { selected: true });
  }

  async goToStep(step: WizardStepLabel): Promise<void> {
    const tab = this.page.getByRole('tab', { name: new RegExp(`\\d\\. ${step}$`) });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }

  async fillScope(input: {
    name: string;
    conditions: { kind: string; match: MatchLabel; value: string }[];
  }): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Scope name' }).fill(input.name);
    for (const [i, c] of input.conditions.entries()) {
      const n = i + 1;
      await this.page.getByRole('button', { name: 'Add resource condition' }).click();
      const row = this.page.getByRole('group', { name: `Resource condition ${n}` });
      await this.choose(row.getByRole('combobox', { name: `Resource ${n}` }), c.kind);
      await this.choose(row.getByRole('combobox', { name: `Match ${n}` }), c.match);
      await row.getByRole('textbox', { name: `Value ${n}` }).fill(c.value);
    }
  }

  /** Turns on the threshold for `severity` (or higher) with `maxAllowed` findings allowed. */
  async setSeverityThreshold(severity: SeverityLabel, maxAllowed: number): Promise<void> {
    const thresholds = this.page.getByRole('group', { name: 'Severity thresholds' });
    await thresholds
      .getByRole('checkbox', {
        name: severity === 'Critical' ? 'Critical' : `${severity} or higher`,
        // "Critical: count only findings with a fix" sits in the same group.
        exact: true,
      })
      .check();
    const allowed = thresholds.getByRole('spinbutton', { name: `${severity}: findings allowed` });
    await allowed.fill(String(maxAllowed));
    await allowed.press('Tab');
    await expect(allowed).toHaveValue(String(maxAllowed));
  }

  async addExemption(input: ExemptionDraft): Promise<void> {
    await this.page.getByRole('button', { name: 'Add exemption' }).click();
    const index = (await this.page.getByRole('region', { name: /^Exemption \d+$/ }).count()) - 1;
    const card = this.exemption(index);
    await this.choose(card.getByRole('combobox', { name: 'Type' }), input.type);
    await this.choose(card.getByRole('combobox', { name: 'Match' }), input.match);
    await card.getByRole('textbox', { name: 'Value' }).fill(input.value);
    if (input.reason !== undefined)
      await card.getByRole('textbox', { name: 'Reason' }).fill(input.reason);
    if (input.validUntil !== undefined) await this.setExemptionValidUntil(index, input.validUntil);
  }

  /** Switches the exemption to time-bound (if needed) and opens its "Valid until" calendar. */
  async openValidUntilCalendar(index: number): Promise<Locator> {
    const card = this.exemption(index);
    const timeBound = card.getByRole('switch', { name: 'Time-bound' });
    if (!(await timeBound.isChecked())) await timeBound.click();
    await expect(timeBound).toBeChecked();
    const calendar = this.page.getByRole('dialog', { name: 'Calendar' });
    // As a keyboard user does: focus the field, ArrowDown opens the (lazy-loaded) calendar.
    await this.exemptionValidUntil(index).focus();
    await this.exemptionValidUntil(index).press('ArrowDown');
    await expect(calendar).toBeVisible();
    return calendar;
  }

  /** Picks `date` (YYYY-MM-DD) in the exemption's DatePicker calendar, paging months as needed. */
  async setExemptionValidUntil(index: number, date: string): Promise<void> {
    const calendar = await this.openValidUntilCalendar(index);
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const day = calendar.getByRole('button', {
      name: `${d}, ${MONTHS[m - 1] ?? ''}, ${y}`,
      exact: true,
    });
    for (let i = 0; i < 24 && !(await day.isVisible()); i++) {
      // Day buttons of the shown month only; page towards the target month.
      const shownLabel =
        (await calendar
          .getByRole('gridcell')
          .getByRole('button')
          .nth(15)
          .getAttribute('aria-label')) ?? '';
      const [, shownMonth, shownYear] = shownLabel.split(', ');
      const shown = Number(shownYear) * 12 + MONTHS.indexOf(shownMonth ?? '');
      await calendar
        .getByRole('button', { name: shown < y * 12 + m - 1 ? /next month/i : /previous month/i })
        .click();
    }
    await day.click();
    await expect(this.exemptionValidUntil(index)).toHaveValue(date);
  }

  /** The checkbox a save that makes the rule deny more waits for (Review step, impact preview). */
  readonly impactAcknowledgement = () =>
    this.page
      .getByRole('region', { name: 'Impact preview' })
      .getByRole('checkbox', { name: /I reviewed the impact/ });

  /**
   * Saves and waits to be back on the rules list. A save that makes the rule Deny (or a Deny rule
   * wider) first shows the impact preview and its acknowledgement; this ticks it, as the admin
   * does after reading the preview.
   */
  async save(): Promise<void> {
    const ack = this.impactAcknowledgement();
    if (!(await ack.isVisible())) {
      await this.saveButton().click();
      const onList = () => /\/rules(\?.*)?$/.test(new URL(this.page.url()).pathname);
      await expect.poll(async () => onList() || (await ack.isVisible())).toBe(true);
      if (onList()) return;
    }
    await ack.check();
    await this.saveButton().click();
    await expect(this.page).toHaveURL(/\/rules(\?.*)?$/);
  }

  /** Saves where someone else saved first: the conflict dialog opens and the wizard stays. */
  async saveExpectingConflict(): Promise<Locator> {
    await this.saveButton().click();
    await expect(this.conflictDialog()).toBeVisible();
    return this.conflictDialog();
  }

  /** Opens a Fluent Dropdown/Combobox and picks the option. */
  private async choose(control: Locator, option: string): Promise<void> {
    await control.click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
    await expect(control).toHaveText(option);
  }
}
