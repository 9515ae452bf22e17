// Security rules screen (lazy-loaded by app/router.tsx at `rules/*`): the grid at `/rules`, the
// wizard at `/rules/new` and `/rules/:ruleId/edit`. The wizard is its own chunk.
import { Spinner } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { EmptyState } from '@/components/empty-state';
import { PanelErrorBoundary } from '@/components/panel-error-boundary';
import { ExpiringExemptionsPage } from './components/expiring-exemptions/expiring-exemptions-page';
import { RulesPage } from './components/rules-grid/rules-page';

const RuleWizardPage = lazy(() => import('./components/rule-wizard/rule-wizard-page'));

const wizard = (
  <PanelErrorBoundary title="The rule wizard failed to show">
    <Suspense fallback={<Spinner label="Loading the rule wizard…" />}>
      <RuleWizardPage />
    </Suspense>
  </PanelErrorBoundary>
);

export default function SecurityRulesRoutes() {
  return (
    <Routes>
      <Route
        index
        element={
          <PanelErrorBoundary title="The rules failed to show">
            <RulesPage />
          </PanelErrorBoundary>
        }
      />
      <Route path="new" element={wizard} />
      <Route
        path="exemptions/expiring"
        element={
          <PanelErrorBoundary title="The expiring exemptions failed to show">
            <ExpiringExemptionsPage />
          </PanelErrorBoundary>
        }
      />
      <Route path=":ruleId/edit" element={wizard} />
      <Route
        path="*"
        element={<EmptyState title="No such rules page">Go back to Security rules.</EmptyState>}
      />
    </Routes>
  );
}
