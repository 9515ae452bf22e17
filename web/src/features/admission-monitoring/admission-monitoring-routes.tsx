import { PageHeader } from '../../components/page-header';

export default function AdmissionMonitoringRoutes() {
  return <PageHeader title="Admission monitoring" breadcrumb={[{ label: 'Admission monitoring' }]} />;
}
