// Route element of `/rules/new` and `/rules/:ruleId/edit` (lazy chunk): loads the rule with its
// ETag when editing, or the rule to copy for `/rules/new?duplicate=<id>`, then renders the wizard.
import { Spinner } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { ErrorState } from '@/components/error-state';
import { ruleQueryOptions, rulesQueryOptions } from '@/api/rules';
import { copyName } from '@/features/security-rules/model/rule-copy';
import { ruleToFormValues } from '@/features/security-rules/model/rule-form';
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

/** A new rule prefilled with a copy of `sourceId`, named uniquely against every rule. */
function DuplicateRule({ sourceId }: { sourceId: string }) {
  const source = useQuery(ruleQueryOptions(sourceId));
  const all = useQuery(rulesQueryOptions());
  if (source.isPending || all.isPending) return <Spinner label="Loading the rule to copy…" />;
  if (source.isError || all.isError)
    return (
      <ErrorState
        title="The rule to copy could not be loaded"
        error={source.error ?? all.error}
        onRetry={() => void Promise.all([source.refetch(), all.refetch()])}
      />
    );
  const rule = source.data.rule;
  const values = {
    ...ruleToFormValues(rule),
    name: copyName(
      rule.name,
      all.data.map((r) => r.name),
    ),
  };
  return <RuleWizard key={`copy-${rule.id}`} initialValues={values} />;
}

export default function RuleWizardPage() {
  const { ruleId } = useParams();
  const [search] = useSearchParams();
  const duplicate = search.get('duplicate');
  if (ruleId) return <EditRule ruleId={ruleId} />;
  return duplicate ? <DuplicateRule sourceId={duplicate} /> : <RuleWizard />;
}
