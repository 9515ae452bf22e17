import {
  Badge,
  Button,
  Dropdown,
  Field,
  Input,
  Option,
  Subtitle2,
  Switch,
} from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { ExemptionMatchSchema, ExemptionTypeSchema, isExemptionExpired } from '@gated/shared';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import type { RuleFormValues } from '@/features/security-rules/model/rule-form';
import { MATCH_LABELS } from '@/features/security-rules/model/rule-summary';
import { useNow } from '@/lib/use-now';
import { useRuleWizardStyles } from './rule-wizard.styles';
import { browserTimeZone, TimeZoneCombobox } from './time-zone-combobox';
import { ValidUntilPicker } from './valid-until-picker';

const VALUE_HINTS: Partial<Record<string, string>> = {
  CVE: 'e.g. CVE-2024-3094: drops that finding for this rule',
  Image: 'The image digest, e.g. sha256:…',
  Registry: 'e.g. myregistry.azurecr.io',
  Repository: 'e.g. team/app',
};

type TextField = 'value' | 'reason' | 'ticket';

export function ExemptionCard({ index, onRemove }: { index: number; onRemove: () => void }) {
  const styles = useRuleWizardStyles();
  const now = useNow();
  const { control, setValue, trigger } = useFormContext<RuleFormValues>();
  const n = index + 1;
  const [type, validUntil, timeZone] = useWatch({
    control,
    name: [
      `exemptions.${index}.type`,
      `exemptions.${index}.validUntil`,
      `exemptions.${index}.timeZone`,
    ],
  });
  const timeBound = validUntil !== undefined || timeZone !== undefined;
  const expired = isExemptionExpired({ validUntil, timeZone }, now);

  const setTimeBound = (on: boolean) => {
    setValue(`exemptions.${index}.validUntil`, undefined, { shouldDirty: true });
    setValue(`exemptions.${index}.timeZone`, on ? browserTimeZone() : undefined, {
      shouldDirty: true,
    });
    if (!on) void trigger(`exemptions.${index}`);
  };

  const text = (name: TextField, label: string, hint?: string, required = false) => (
    <Controller
      control={control}
      name={`exemptions.${index}.${name}`}
      render={({ field, fieldState }) => (
        <Field
          label={label}
          required={required}
          hint={hint}
          validationMessage={fieldState.error?.message}
        >
          <Input
            {...field}
            value={field.value ?? ''}
            onChange={(_e, d) => field.onChange(d.value)}
          />
        </Field>
      )}
    />
  );

  return (
    <section className={styles.card} aria-label={`Exemption ${n}`}>
      <div className={styles.cardHeader}>
        <Subtitle2 as="h3">Exemption {n}</Subtitle2>
        {expired && (
          <Badge color="warning" appearance="tint">
            Expired: no longer applies
          </Badge>
        )}
        <span className={styles.spacer} />
        <Button appearance="subtle" icon={<DeleteRegular />} onClick={onRemove}>
          Remove exemption {n}
        </Button>
      </div>
      <div className={styles.pair}>
        <Controller
          control={control}
          name={`exemptions.${index}.type`}
          render={({ field, fieldState }) => (
            <Field label="Type" validationMessage={fieldState.error?.message}>
              <Dropdown
                value={field.value ?? ''}
                selectedOptions={field.value ? [field.value] : []}
                onOptionSelect={(_e, d) => d.optionValue && field.onChange(d.optionValue)}
                onBlur={field.onBlur}
              >
                {ExemptionTypeSchema.options.map((t) => (
                  <Option key={t} value={t}>
                    {t}
                  </Option>
                ))}
              </Dropdown>
            </Field>
          )}
        />
        <Controller
          control={control}
          name={`exemptions.${index}.match`}
          render={({ field, fieldState }) => (
            <Field label="Match" validationMessage={fieldState.error?.message}>
              <Dropdown
                value={field.value ? MATCH_LABELS[field.value] : ''}
                selectedOptions={field.value ? [field.value] : []}
                onOptionSelect={(_e, d) => d.optionValue && field.onChange(d.optionValue)}
                onBlur={field.onBlur}
              >
                {ExemptionMatchSchema.options.map((m) => (
                  <Option key={m} value={m}>
                    {MATCH_LABELS[m]}
                  </Option>
                ))}
              </Dropdown>
            </Field>
          )}
        />
      </div>
      {text('value', 'Value', type ? VALUE_HINTS[type] : undefined, true)}
      <div className={styles.pair}>
        {text('reason', 'Reason', 'Why this is exempt, for reviewers.')}
        {text('ticket', 'Ticket', 'A tracking reference, e.g. SEC-1234.')}
      </div>
      <Switch
        label="Time-bound"
        checked={timeBound}
        onChange={(_e, d) => setTimeBound(d.checked)}
      />
      {timeBound && (
        <div className={styles.pair}>
          <Controller
            control={control}
            name={`exemptions.${index}.validUntil`}
            render={({ field, fieldState }) => (
              <Field
                label="Valid until"
                required
                hint="Last day it applies (inclusive)."
                validationMessage={fieldState.error?.message}
              >
                <ValidUntilPicker
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                />
              </Field>
            )}
          />
          <Controller
            control={control}
            name={`exemptions.${index}.timeZone`}
            render={({ field, fieldState }) => (
              <Field
                label="Time zone"
                required
                hint="The day ends at midnight here."
                validationMessage={fieldState.error?.message}
              >
                <TimeZoneCombobox
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                />
              </Field>
            )}
          />
        </div>
      )}
    </section>
  );
}
