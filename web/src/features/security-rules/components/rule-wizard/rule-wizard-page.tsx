// Route element of `/rules/new` and `/rules/:ruleId/edit` (lazy chunk): loads the rule with its
// ETag when editing, then renders the wizard.
import { Spinner } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ErrorState } from '@/components/error-state';
import { ruleQueryOptions } from '@/api/rules';
import { RuleWizard } from './rule-wizard';

function EditRule({ ruleId }: { ruleId: string }) {
  const rule = useQuery(ruleQueryOptions(ruleId));
  if (rule.isPending) return <Spinner label="Loading the rule…" />;
  if (rule.isError)
    return (
      <ErrorState
        title="The rule could not be loaded"
        error={rule.error}
        onRetry={() => void rule.refetch()}
      />
    );
  // Keyed by id: a background refetch must not wipe an edit in progress (a stale edit gets 412).
  return <RuleWizard key={rule.data.rule.id} editing={rule.data} />;
}

export default function RuleWizardPage() {
  const { ruleId } = useParams();
  return ruleId ? <EditRule ruleId={ruleId} /> : <RuleWizard />;
}
