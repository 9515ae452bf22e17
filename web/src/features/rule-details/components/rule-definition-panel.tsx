// What the rule says, in plain language: its sentence, its scope, and the switches around it.
import { Badge, Text } from '@fluentui/react-components';
import { describeResourceCondition, describeRule, describeScope, type Rule } from '@gated/shared';
import { Panel } from '@/components/panel';
import { useRuleDetailsStyles } from '@/features/rule-details/rule-details.styles';

export function RuleDefinitionPanel({
  rule,
  names,
}: {
  rule: Rule;
  names: ReadonlyMap<string, string>;
}) {
  const styles = useRuleDetailsStyles();
  const conditions = rule.scope.resourceConditions;
  return (
    <Panel title="What the rule does" headingLevel="h2">
      <div className={styles.inline}>
        <Badge appearance="filled" color={rule.action === 'Deny' ? 'danger' : 'warning'}>
          {rule.action}
        </Badge>
        <Badge appearance="outline" color={rule.enabled ? 'success' : 'subtle'}>
          {rule.enabled ? 'Enabled' : 'Disabled'}
        </Badge>
      </div>
      <Text size={400} data-testid="rule-sentence">
        {describeRule(rule)}.
      </Text>
      {rule.description && <Text>{rule.description}</Text>}
      <dl className={styles.facts}>
        <dt className={styles.term}>Scope</dt>
        <dd className={styles.definition}>
          {rule.scope.name}: {describeScope(rule.scope, names)}
        </dd>
        <dt className={styles.term}>Resource conditions</dt>
        <dd className={styles.definition}>
          {conditions.length === 0
            ? 'None: every workload in the cloud scope'
            : conditions.map(describeResourceCondition).join('; ')}
        </dd>
        {rule.conditions.cveIds.length > 3 && (
          <>
            <dt className={styles.term}>Vulnerability ids</dt>
            <dd className={styles.definition}>{rule.conditions.cveIds.join(', ')}</dd>
          </>
        )}
        <dt className={styles.term}>Last modified</dt>
        <dd className={styles.definition}>
          {new Date(rule.updatedAt).toLocaleString()} by {rule.updatedBy} (revision {rule.revision})
        </dd>
      </dl>
    </Panel>
  );
}
