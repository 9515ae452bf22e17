import { Caption1, Skeleton, SkeletonItem, Text, ToggleButton } from '@fluentui/react-components';
import { useSearchParams } from 'react-router';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { PageHeader } from '@/components/page-header';
import { useEnvironments } from '@/api/environments';
import { CloudIcon } from './components/cloud-icon';
import { EnvironmentDetails } from './components/environment-details';
import { useEnvironmentSettingsPageStyles } from './environment-settings-page.styles';

/** Environment settings: cloud accounts on the left, the selected one (`?env=`) on the right. */
export default function EnvironmentSettingsPage() {
  const styles = useEnvironmentSettingsPageStyles();
  const environments = useEnvironments();
  const [search, setSearch] = useSearchParams();
  const header = (
    <PageHeader
      title="Environment settings"
      breadcrumb={[{ label: 'Environment settings' }]}
      description="Turn plan extensions on per cloud account, choose which registries skip evaluation and connect clusters."
    />
  );

  if (environments.isPending) {
    return (
      <>
        {header}
        <Skeleton aria-label="Loading environments">
          <SkeletonItem size={40} />
          <SkeletonItem size={40} />
          <SkeletonItem size={40} />
        </Skeleton>
      </>
    );
  }
  if (environments.isError) {
    return (
      <>
        {header}
        <ErrorState
          title="Could not load the environments"
          error={environments.error}
          onRetry={() => void environments.refetch()}
        />
      </>
    );
  }
  const list = environments.data;
  if (list.length === 0) {
    return (
      <>
        {header}
        <EmptyState title="No environments yet">
          Add a cloud account through the API (POST /api/v1/environments) or the demo setup; it
          shows up here.
        </EmptyState>
      </>
    );
  }
  const selected = list.find((e) => e.id === search.get('env')) ?? list[0];

  return (
    <>
      {header}
      <div className={styles.layout}>
        <nav aria-label="Environments" className={styles.list}>
          {list.map((env) => (
            <ToggleButton
              key={env.id}
              appearance="subtle"
              className={styles.item}
              checked={env.id === selected?.id}
              aria-current={env.id === selected?.id ? 'true' : undefined}
              icon={<CloudIcon cloud={env.cloud} />}
              onClick={() => setSearch({ env: env.id }, { replace: true })}
            >
              <span className={styles.itemText}>
                <Text weight="semibold">{env.name}</Text>
                <Caption1 className={styles.account}>{env.accountId}</Caption1>
              </span>
            </ToggleButton>
          ))}
        </nav>
        {selected && <EnvironmentDetails environment={selected} />}
      </div>
    </>
  );
}
