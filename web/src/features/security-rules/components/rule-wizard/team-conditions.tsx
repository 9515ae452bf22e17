// The conditions of docs/decisions/080 in the Conditions step: known exploited (CISA KEV), EPSS at
// least a score (FIRST), and the maximum report age. Each says which catalogue it reads and of
// which date, or that none is imported yet (the condition cannot be met until one is).
import { Checkbox, Field, SpinButton, Subtitle2, Text } from '@fluentui/react-components';
import type { CatalogueKind } from '@gated/shared';
import { Controller, useFormContext } from 'react-hook-form';
import { catalogueOf, useCatalogues } from '@/api/catalogues';
import type { RuleFormValues } from '@/features/security-rules/model/rule-form';
import { useRuleWizardStyles } from './rule-wizard.styles';
import { spinValue } from './spin-value';

function useCatalogueHint(): (kind: CatalogueKind) => string {
  const catalogues = useCatalogues();
  return (kind) => {
    const c = catalogueOf(catalogues.data, kind);
    const name = kind === 'kev' ? 'CISA KEV' : 'FIRST EPSS';
    if (!c)
      return `No ${name} catalogue is imported yet: this condition cannot be met until an admin imports one (Security rules → Threat catalogues).`;
    return `Uses ${name} ${c.version} of ${c.publishedAt.slice(0, 10)} (${c.entries.toLocaleString('en-US')} entries).`;
  };
}

export function TeamConditions({ onChange }: { onChange: () => void }) {
  const styles = useRuleWizardStyles();
  const { control, formState } = useFormContext<RuleFormValues>();
  const hint = useCatalogueHint();
  const errors = formState.errors.conditions;
  return (
    <>
      <Subtitle2 as="h3">Exploitation and freshness</Subtitle2>
      <Controller
        control={control}
        name="conditions.knownExploited"
        render={({ field }) => (
          <Field hint={hint('kev')}>
            <Checkbox
              label="Known exploited (in the CISA KEV catalogue)"
              checked={field.value === true}
              onChange={(_e, d) => {
                field.onChange(d.checked === true ? true : undefined);
                onChange();
              }}
            />
          </Field>
        )}
      />
      <Controller
        control={control}
        name="conditions.epssAtLeast"
        render={({ field }) => (
          <div className={styles.pair}>
            <Checkbox
              label="EPSS score at least"
              checked={field.value !== undefined}
              onChange={(_e, d) => {
                field.onChange(d.checked === true ? 0.5 : undefined);
                onChange();
              }}
            />
            <Field
              label="EPSS score (0 to 1)"
              hint={hint('epss')}
              validationMessage={errors?.epssAtLeast?.message}
              size="small"
            >
              <SpinButton
                min={0}
                max={1}
                step={0.05}
                precision={2}
                disabled={field.value === undefined}
                value={field.value ?? 0.5}
                onChange={(_e, d) => {
                  field.onChange(spinValue(d));
                  onChange();
                }}
              />
            </Field>
          </div>
        )}
      />
      <Controller
        control={control}
        name="conditions.maxReportAgeDays"
        render={({ field }) => (
          <div className={styles.pair}>
            <Checkbox
              label="Report older than a maximum age"
              checked={field.value !== undefined}
              onChange={(_e, d) => {
                field.onChange(d.checked === true ? 30 : undefined);
                onChange();
              }}
            />
            <Field
              label="Maximum report age (days)"
              hint="An older report counts as no report: the rule triggers and its findings are not read."
              validationMessage={errors?.maxReportAgeDays?.message}
              size="small"
            >
              <SpinButton
                min={1}
                max={3650}
                disabled={field.value === undefined}
                value={field.value ?? 30}
                onChange={(_e, d) => {
                  field.onChange(spinValue(d));
                  onChange();
                }}
              />
            </Field>
          </div>
        )}
      />
      <Text className={styles.muted}>
        An image without any report is covered by the switch below, not by the maximum age.
      </Text>
    </>
  );
}
