import { Button, Text } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useFieldArray, useFormContext } from 'react-hook-form';
import type { RuleFormValues } from '@/features/security-rules/model/rule-form';
import { ExemptionCard } from './exemption-card';
import { useRuleWizardStyles } from './rule-wizard.styles';

export function ExemptionsStep() {
  const styles = useRuleWizardStyles();
  const { control } = useFormContext<RuleFormValues>();
  const exemptions = useFieldArray({ control, name: 'exemptions' });
  return (
    <div className={styles.step}>
      <Text className={styles.muted}>
        Exemptions let trusted resources bypass this rule. A CVE exemption drops that finding; the
        others skip the rule for matching workloads. Time-bound exemptions expire at the end of
        their last day and stay listed, marked expired.
      </Text>
      {exemptions.fields.length === 0 && (
        <Text>No exemptions: the rule applies to everything in its scope.</Text>
      )}
      {exemptions.fields.map((item, index) => (
        <ExemptionCard key={item.id} index={index} onRemove={() => exemptions.remove(index)} />
      ))}
      <div>
        <Button
          icon={<AddRegular />}
          disabled={exemptions.fields.length >= 200}
          onClick={() =>
            exemptions.append({
              type: 'Namespace',
              match: 'Equals',
              value: '',
              reason: '',
              ticket: '',
            })
          }
        >
          Add exemption
        </Button>
      </div>
    </div>
  );
}
