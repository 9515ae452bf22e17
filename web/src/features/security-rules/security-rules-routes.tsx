// Placeholder, to be replaced by the Security rules feature (rules grid + wizard).
import { PageHeader } from '../../components/page-header';

export default function SecurityRulesRoutes() {
  return <PageHeader title="Security rules" breadcrumb={[{ label: 'Security rules' }]} />;
}
