// Route element of `/rules/:ruleId/details` (lazy chunk): one rule, read-only, for every role —
// what it says in plain language, its exemptions, what it did and how it changed.
import { Button, Spinner } from '@fluentui/react-components';
import { EditRegular } from '@fluentui/react-icons';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { environmentNames, scopeEnvironmentsQueryOptions } from '@/api/environments';
import { ruleQueryOptions } from '@/api/rules';
import { ErrorState } from '@/components/error-state';
import { PageHeader } from '@/components/page-header';
import { PanelErrorBoundary } from '@/components/panel-error-boundary';
import { paths } from '@/config/paths';
import { useIsAdmin } from '@/lib/auth';
import { useNow } from '@/lib/use-now';
import { ActivityPanel } from './components/activity-panel';
import { ExemptionsPanel } from './components/exemptions-panel';
import { HistoryPanel } from './components/history-panel';
import { RuleDefinitionPanel } from './components/rule-definition-panel';
import { useRuleDetailsStyles } from './rule-details.styles';

function RuleDetails({ ruleId }: { ruleId: string }) {
  const styles = useRuleDetailsStyles();
  const navigate = useNavigate();
  const isAdmin = useIsAdmin();
  const now = useNow();
  const rule = useQuery({ ...ruleQueryOptions(ruleId), select: (etagged) => etagged.rule });
  const environments = useQuery(scopeEnvironmentsQueryOptions());
  const names = useMemo(() => environmentNames(environments.data), [environments.data]);
  const crumbs = [{ label: 'Security rules', to: paths.rules.build() }];

  if (rule.isPending) return <Spinner label="Loading the rule…" />;
  if (rule.isError)
    return (
      <div className={styles.root}>
        <PageHeader title="Rule details" breadcrumb={[...crumbs, { label: 'Rule details' }]} />
        <ErrorState
          title="The rule failed to load"
          error={rule.error}
          onRetry={() => void rule.refetch()}
        />
      </div>
    );
  const r = rule.data;
  return (
    <div className={styles.root}>
      <PageHeader
        title={r.name}
        breadcrumb={[...crumbs, { label: r.name }]}
        commands={
          isAdmin ? (
            <Button
              appearance="subtle"
              icon={<EditRegular />}
              onClick={() => void navigate(paths.editRule.build(r.id))}
            >
              Edit
            </Button>
          ) : undefined
        }
      />
      <div className={styles.grid}>
        <RuleDefinitionPanel rule={r} names={names} />
        <PanelErrorBoundary title="The activity failed to show">
          <ActivityPanel ruleId={r.id} now={now} />
        </PanelErrorBoundary>
      </div>
      <ExemptionsPanel exemptions={r.exemptions} now={now} />
      <PanelErrorBoundary title="The history failed to show">
        <HistoryPanel ruleId={r.id} />
      </PanelErrorBoundary>
    </div>
  );
}

export default function RuleDetailsPage() {
  const { ruleId } = useParams();
  return ruleId ? <RuleDetails ruleId={ruleId} /> : null;
}
