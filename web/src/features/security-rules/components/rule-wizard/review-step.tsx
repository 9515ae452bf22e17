import { Subtitle2, Text } from '@fluentui/react-components';
import type { RuleInput } from '@gated/shared';
import { useQuery } from '@tanstack/react-query';
import { environmentNames, scopeEnvironmentsQueryOptions } from '@/api/environments';
import { ruleSentence } from '@/features/security-rules/model/rule-summary';
import { ruleYaml } from '@/features/security-rules/model/rule-yaml';
import { useNow } from '@/lib/use-now';
import { type ImpactAcknowledgement, ImpactPreview } from './impact-preview';
import { useRuleWizardStyles } from './rule-wizard.styles';

/** The validated draft as a sentence, as policy-as-code YAML, and what it would have done. */
export interface ReviewStepProps {
  rule: RuleInput;
  ruleId?: string;
  /** Set when saving this draft makes the rule deny more. */
  acknowledgement?: ImpactAcknowledgement;
}

export function ReviewStep({ rule, ruleId, acknowledgement }: ReviewStepProps) {
  const styles = useRuleWizardStyles();
  const environments = useQuery(scopeEnvironmentsQueryOptions());
  const now = useNow();
  return (
    <div className={styles.step}>
      <section aria-label="Rule summary" className={styles.step}>
        <Subtitle2 as="h3">In words</Subtitle2>
        <Text>{ruleSentence(rule, environmentNames(environments.data), now)}</Text>
      </section>
      <section aria-label="Rule as YAML" className={styles.step}>
        <Subtitle2 as="h3">As YAML (policy as code)</Subtitle2>
        <pre className={styles.yaml} tabIndex={0} role="region" aria-label="Rule YAML">
          {ruleYaml(rule)}
        </pre>
      </section>
      <ImpactPreview
        rule={rule}
        ruleId={ruleId}
        {...(acknowledgement ? { acknowledgement } : {})}
      />
    </div>
  );
}
