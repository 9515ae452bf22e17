import { PageHeader } from '../../components/page-header';

export default function EnvironmentSettingsPage() {
  return <PageHeader title="Environment settings" breadcrumb={[{ label: 'Environment settings' }]} />;
}
