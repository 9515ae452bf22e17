import {
  Button,
  Dropdown,
  Field,
  Input,
  Option,
  Subtitle2,
  Text,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import {
  type MatchOperator,
  MatchOperatorSchema,
  type ResourceKind,
  ResourceKindSchema,
} from '@gated/shared';
import { useQuery } from '@tanstack/react-query';
import { Controller, useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { scopeEnvironmentsQueryOptions } from '@/api/environments';
import type { RuleFormValues } from '@/features/security-rules/model/rule-form';
import { MATCH_LABELS } from '@/features/security-rules/model/rule-summary';
import { useRuleWizardStyles } from './rule-wizard.styles';

const KIND_LABELS: Record<ResourceKind, string> = {
  Cluster: 'Cluster',
  Namespace: 'Namespace',
  Pod: 'Pod',
  Deployment: 'Deployment',
  Image: 'Image',
  LabelSelector: 'Label selector',
};

/** A label selector either selects (Equals) or does not select (Not equals) the pod's labels. */
const matchesFor = (kind: ResourceKind): readonly MatchOperator[] =>
  kind === 'LabelSelector' ? ['Equals', 'NotEquals'] : MatchOperatorSchema.options;

function CloudScopesField() {
  const { control } = useFormContext<RuleFormValues>();
  const environments = useQuery(scopeEnvironmentsQueryOptions());
  return (
    <Controller
      control={control}
      name="scope.cloudScopes"
      render={({ field, fieldState }) => {
        const ids = field.value ?? [];
        const names = ids.map((id) => environments.data?.find((e) => e.id === id)?.name ?? id);
        return (
          <Field
            label="Cloud scopes"
            hint="Azure subscriptions, AWS accounts or GCP projects. None selected means all."
            validationMessage={
              fieldState.error?.message ??
              (environments.isError
                ? 'The cloud accounts could not be loaded; reload to try again.'
                : undefined)
            }
          >
            <Dropdown
              multiselect
              placeholder={
                environments.isPending ? 'Loading cloud accounts…' : 'All cloud accounts'
              }
              value={names.join(', ')}
              selectedOptions={ids}
              onOptionSelect={(_e, d) => field.onChange(d.selectedOptions)}
              onBlur={field.onBlur}
            >
              {(environments.data ?? []).map((env) => (
                <Option key={env.id} value={env.id} text={env.name}>
                  {`${env.name} (${env.cloud} ${env.accountId})`}
                </Option>
              ))}
            </Dropdown>
          </Field>
        );
      }}
    />
  );
}

function ConditionRow({ index, onRemove }: { index: number; onRemove: () => void }) {
  const styles = useRuleWizardStyles();
  const { control } = useFormContext<RuleFormValues>();
  const kind = useWatch({ control, name: `scope.resourceConditions.${index}.kind` });
  const n = index + 1;
  return (
    <div className={styles.row} role="group" aria-label={`Resource condition ${n}`}>
      <Controller
        control={control}
        name={`scope.resourceConditions.${index}.kind`}
        render={({ field, fieldState }) => (
          <Field label={`Resource ${n}`} validationMessage={fieldState.error?.message}>
            <Dropdown
              value={field.value ? KIND_LABELS[field.value] : ''}
              selectedOptions={field.value ? [field.value] : []}
              onOptionSelect={(_e, d) => d.optionValue && field.onChange(d.optionValue)}
              onBlur={field.onBlur}
            >
              {ResourceKindSchema.options.map((k) => (
                <Option key={k} value={k}>
                  {KIND_LABELS[k]}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
      />
      <Controller
        control={control}
        name={`scope.resourceConditions.${index}.match`}
        render={({ field, fieldState }) => (
          <Field label={`Match ${n}`} validationMessage={fieldState.error?.message}>
            <Dropdown
              value={field.value ? MATCH_LABELS[field.value] : ''}
              selectedOptions={field.value ? [field.value] : []}
              onOptionSelect={(_e, d) => d.optionValue && field.onChange(d.optionValue)}
              onBlur={field.onBlur}
            >
              {matchesFor(kind ?? 'Namespace').map((m) => (
                <Option key={m} value={m}>
                  {MATCH_LABELS[m]}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
      />
      <Controller
        control={control}
        name={`scope.resourceConditions.${index}.value`}
        render={({ field, fieldState }) => (
          <Field
            label={`Value ${n}`}
            validationMessage={fieldState.error?.message}
            hint={kind === 'LabelSelector' ? 'e.g. app=web,env in (prod,staging)' : undefined}
          >
            <Input {...field} onChange={(_e, d) => field.onChange(d.value)} />
          </Field>
        )}
      />
      <Button
        appearance="subtle"
        icon={<DeleteRegular />}
        aria-label={`Remove resource condition ${n}`}
        onClick={onRemove}
      />
    </div>
  );
}

export function ScopeStep() {
  const styles = useRuleWizardStyles();
  const { control } = useFormContext<RuleFormValues>();
  const conditions = useFieldArray({ control, name: 'scope.resourceConditions' });
  return (
    <div className={styles.step}>
      <Controller
        control={control}
        name="scope.name"
        render={({ field, fieldState }) => (
          <Field
            label="Scope name"
            required
            validationMessage={fieldState.error?.message}
            hint="A label for where this rule applies."
          >
            <Input {...field} onChange={(_e, d) => field.onChange(d.value)} />
          </Field>
        )}
      />
      <CloudScopesField />
      <Subtitle2 as="h3" className={styles.sectionTitle}>
        Resource conditions
      </Subtitle2>
      <Text className={styles.muted}>
        All conditions must hold for the rule to apply. With none, it applies to everything in the
        cloud scopes.
      </Text>
      {conditions.fields.map((item, index) => (
        <ConditionRow key={item.id} index={index} onRemove={() => conditions.remove(index)} />
      ))}
      <div>
        <Button
          icon={<AddRegular />}
          onClick={() => conditions.append({ kind: 'Namespace', match: 'Equals', value: '' })}
          disabled={conditions.fields.length >= 20}
        >
          Add resource condition
        </Button>
      </div>
    </div>
  );
}
