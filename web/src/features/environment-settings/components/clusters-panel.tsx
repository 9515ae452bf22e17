import {
  Badge,
  Button,
  Skeleton,
  SkeletonItem,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Tooltip,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import type { Cluster } from '@gated/shared';
import { lazy, Suspense, useState } from 'react';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { WriteButton } from '@/components/write-button';
import { useWriteAccess } from '@/lib/auth';
import { useNow } from '@/lib/use-now';
import { useClusters, useDeleteCluster } from '@/api/clusters';
import { useClustersPanelStyles } from './clusters-panel.styles';
import { GATE_STATUS_LABEL, gateStatus } from './gate-status';

// Dialogs are split off the first screen (bundle budget) and fetched right after it renders. They
// stay mounted and closed, then open: a Fluent dialog mounted already open can come up
// aria-hidden while its focus trap initialises.
const RegisterClusterDialog = lazy(() =>
  import('./register-cluster-dialog').then((m) => ({ default: m.RegisterClusterDialog })),
);
const ConfirmDialog = lazy(() =>
  import('@/components/confirm-dialog').then((m) => ({ default: m.ConfirmDialog })),
);

const STATUS_COLOR = { connected: 'success', stale: 'warning', never: 'informative' } as const;
const formatTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** The environment's clusters with their gate status, registration and removal. */
export function ClustersPanel({ environmentId }: { environmentId: string }) {
  const clusters = useClusters(environmentId);
  const remove = useDeleteCluster();
  const { canWrite, reason } = useWriteAccess();
  const [registering, setRegistering] = useState(false);
  const [removing, setRemoving] = useState<Cluster | null>(null);
  const now = useNow();
  const styles = useClustersPanelStyles();

  const registerButton = (
    <WriteButton icon={<AddRegular />} onClick={() => setRegistering(true)}>
      Register cluster
    </WriteButton>
  );

  let body;
  if (clusters.isPending) {
    body = (
      <Skeleton aria-label="Loading clusters">
        <SkeletonItem size={24} />
        <SkeletonItem size={24} />
      </Skeleton>
    );
  } else if (clusters.isError) {
    body = (
      <ErrorState
        title="Could not load the clusters"
        error={clusters.error}
        onRetry={() => void clusters.refetch()}
      />
    );
  } else if (clusters.data.length === 0) {
    body = (
      <EmptyState title="No clusters yet" action={registerButton}>
        Register a cluster to get its gate token and the command that installs the gate.
      </EmptyState>
    );
  } else {
    body = (
      <Table aria-label="Clusters" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Provider</TableHeaderCell>
            <TableHeaderCell>Gate status</TableHeaderCell>
            <TableHeaderCell>Last seen</TableHeaderCell>
            <TableHeaderCell>Gate version</TableHeaderCell>
            <TableHeaderCell>Policy revision</TableHeaderCell>
            <TableHeaderCell aria-label="Actions" className={styles.actions}>
              {''}
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {clusters.data.map((cluster) => {
            const status = gateStatus(cluster, now);
            return (
              <TableRow key={cluster.id}>
                <TableCell>
                  <Text weight="semibold">{cluster.name}</Text>
                </TableCell>
                <TableCell>{cluster.provider}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={STATUS_COLOR[status]}>
                    {GATE_STATUS_LABEL[status]}
                  </Badge>
                </TableCell>
                <TableCell>{formatTime(cluster.lastSeenAt)}</TableCell>
                <TableCell>{cluster.gateVersion ?? '—'}</TableCell>
                <TableCell>
                  {cluster.policyRevision ? (
                    <Text
                      truncate
                      wrap={false}
                      block
                      font="monospace"
                      title={cluster.policyRevision}
                    >
                      {cluster.policyRevision}
                    </Text>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>
                  {canWrite ? (
                    <Button
                      appearance="subtle"
                      icon={<DeleteRegular />}
                      aria-label={`Remove cluster ${cluster.name}`}
                      onClick={() => setRemoving(cluster)}
                    />
                  ) : (
                    <Tooltip content={reason} relationship="description">
                      <Button
                        appearance="subtle"
                        icon={<DeleteRegular />}
                        aria-label={`Remove cluster ${cluster.name}`}
                        disabledFocusable
                      />
                    </Tooltip>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    );
  }

  return (
    <section aria-label="Clusters">
      {clusters.data && clusters.data.length > 0 && registerButton}
      {body}
      <Suspense fallback={null}>
        <RegisterClusterDialog
          environmentId={environmentId}
          open={registering}
          onClose={() => setRegistering(false)}
        />
        <ConfirmDialog
          open={removing !== null}
          title={`Remove cluster ${removing?.name ?? ''}?`}
          confirmLabel="Remove"
          destructive
          busy={remove.isPending}
          onCancel={() => setRemoving(null)}
          onConfirm={() =>
            removing && remove.mutate(removing.id, { onSettled: () => setRemoving(null) })
          }
        >
          Its gate token stops working at once. The gate keeps its last policy but stops reporting
          events.
        </ConfirmDialog>
      </Suspense>
    </section>
  );
}
