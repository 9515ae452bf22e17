// Who changed the rule, when, and what changed (the audit trail as field diffs).
import { Caption1, Link, Spinner, Text } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ruleHistoryQueryOptions } from '@/api/rule-activity';
import { ErrorState } from '@/components/error-state';
import { FieldChanges } from '@/components/field-changes';
import { Panel } from '@/components/panel';
import { paths } from '@/config/paths';
import { useRuleDetailsStyles } from '@/features/rule-details/rule-details.styles';

const ACTION_LABEL: Record<string, string> = {
  'rule.create': 'Created',
  'rule.update': 'Edited',
  'rule.enable': 'Enabled',
  'rule.disable': 'Disabled',
  'rule.delete': 'Deleted',
};

export function HistoryPanel({ ruleId }: { ruleId: string }) {
  const styles = useRuleDetailsStyles();
  const navigate = useNavigate();
  const history = useQuery(ruleHistoryQueryOptions(ruleId));
  const auditHref = paths.auditLog.build(new URLSearchParams({ target: ruleId }).toString());
  return (
    <Panel title="History" headingLevel="h2">
      {history.isPending && <Spinner size="small" label="Loading history…" />}
      {history.isError && (
        <ErrorState
          title="The history failed to load"
          error={history.error}
          onRetry={() => void history.refetch()}
        />
      )}
      {history.data && history.data.items.length === 0 && <Text>No recorded changes.</Text>}
      {history.data && history.data.items.length > 0 && (
        <ol className={styles.history} aria-label="Rule history">
          {history.data.items.map((e) => (
            <li key={e.id}>
              <Text weight="semibold">{ACTION_LABEL[e.action] ?? e.action}</Text>{' '}
              <Caption1>
                by {e.actor}, {new Date(e.at).toLocaleString()}
              </Caption1>
              {e.action !== 'rule.create' && e.action !== 'rule.delete' && (
                <FieldChanges changes={e.changes} />
              )}
            </li>
          ))}
        </ol>
      )}
      <Link
        href={auditHref}
        onClick={(event) => {
          event.preventDefault();
          void navigate(auditHref);
        }}
      >
        Open in the audit log
      </Link>
    </Panel>
  );
}
