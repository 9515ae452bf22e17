// The confirmation before enforcement goes off for an environment: says what the switch-off will
// do, with the counts of clusters and rules it reaches from GET /environments/{id}/switch-off-impact.
import { Spinner, Text } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { switchOffImpactQueryOptions } from '@/api/switch-off-impact';
import { ConfirmDialog } from '@/components/confirm-dialog';

export interface SwitchOffDialogProps {
  /** The toggle being turned off ("Defender Sensor"); null when closed. */
  what: string | null;
  environmentId: string;
  environmentName: string;
  onConfirm: () => void;
  onCancel: () => void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function SwitchOffDialog({
  what,
  environmentId,
  environmentName,
  onConfirm,
  onCancel,
}: SwitchOffDialogProps) {
  const impact = useQuery({
    ...switchOffImpactQueryOptions(environmentId),
    enabled: what !== null,
  });
  let body;
  if (impact.isPending) body = <Spinner size="tiny" label="Counting what this reaches…" />;
  else if (impact.isError)
    body = (
      <Text>
        The affected clusters and rules could not be counted ({impact.error.message}). Turning it
        off still stops gating for every cluster of {environmentName}.
      </Text>
    );
  else {
    const { clusters, rules, denyRules } = impact.data;
    body = (
      <Text>
        Security gating stops for {environmentName}: {plural(clusters, 'cluster')} admit every
        workload without evaluation, and {plural(rules, 'rule')} ({plural(denyRules, 'Deny rule')})
        no longer apply there. Nothing is audited or denied until you turn it back on.
      </Text>
    );
  }
  return (
    <ConfirmDialog
      open={what !== null}
      title={`Turn off ${what ?? ''}?`}
      confirmLabel="Turn off"
      destructive
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {body}
    </ConfirmDialog>
  );
}
