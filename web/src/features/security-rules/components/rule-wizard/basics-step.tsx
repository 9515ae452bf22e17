import {
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Textarea,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { gateP99QueryOptions } from '@/api/clusters';
import type { RuleFormValues } from '@/features/security-rules/model/rule-form';
import { useRuleWizardStyles } from './rule-wizard.styles';

/** Why Deny costs latency: the API server waits for the gate on every admission. */
function DenyLatencyNotice() {
  const p99 = useQuery(gateP99QueryOptions());
  const measured = p99.data ?? null;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Deny adds deployment latency</MessageBarTitle>
        {measured !== null
          ? `Denying waits for the gate on every admission. Your gates currently answer within ${Math.round(measured)} ms at p99; deployments to matching scopes take that much longer, and are blocked when a rule triggers.`
          : 'Denying waits for the gate on every admission, which can add up to a second or two to deployments in the scope, and blocks them when the rule triggers. Start with Audit to see the impact first.'}
      </MessageBarBody>
    </MessageBar>
  );
}

export function BasicsStep() {
  const styles = useRuleWizardStyles();
  const { control } = useFormContext<RuleFormValues>();
  const action = useWatch({ control, name: 'action' });
  return (
    <div className={styles.step}>
      <Controller
        control={control}
        name="name"
        render={({ field, fieldState }) => (
          <Field
            label="Rule name"
            required
            validationMessage={fieldState.error?.message}
            hint="Unique across all rules."
          >
            <Input {...field} onChange={(_e, d) => field.onChange(d.value)} />
          </Field>
        )}
      />
      <Controller
        control={control}
        name="description"
        render={({ field, fieldState }) => (
          <Field label="Description" validationMessage={fieldState.error?.message}>
            <Textarea
              {...field}
              value={field.value ?? ''}
              onChange={(_e, d) => field.onChange(d.value)}
              resize="vertical"
            />
          </Field>
        )}
      />
      <Controller
        control={control}
        name="action"
        render={({ field, fieldState }) => (
          <Field label="Action" required validationMessage={fieldState.error?.message}>
            <RadioGroup
              name={field.name}
              value={field.value}
              onBlur={field.onBlur}
              onChange={(_e, d) => field.onChange(d.value)}
              layout="horizontal"
            >
              <Radio value="Audit" label="Audit: admit and record a warning" />
              <Radio value="Deny" label="Deny: refuse the deployment" />
            </RadioGroup>
          </Field>
        )}
      />
      {action === 'Deny' && <DenyLatencyNotice />}
    </div>
  );
}
