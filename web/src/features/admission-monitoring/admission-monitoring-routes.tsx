// Routes of the monitoring feature under /admissions: the list, and the same page with the
// details drawer open (`/admissions/:eventId`). One route, so the list is not re-mounted.
import { Route, Routes } from 'react-router';
import AdmissionMonitoringPage from './admission-monitoring-page';

export default function AdmissionMonitoringRoutes() {
  return (
    <Routes>
      <Route path=":eventId?" element={<AdmissionMonitoringPage />} />
    </Routes>
  );
}
