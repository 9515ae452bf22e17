import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Subtitle1,
  Text,
} from '@fluentui/react-components';
import type { Environment, PatchEnvironmentInput } from '@gated/shared';
import { lazy, Suspense } from 'react';
import { Panel } from '@/components/panel';
import { PanelErrorBoundary } from '@/components/panel-error-boundary';
import { usePatchEnvironment } from '@/api/environments';
import { CloudIcon } from './cloud-icon';
import { ClustersPanel } from './clusters-panel';
import { useEnvironmentDetailsStyles } from './environment-details.styles';
import { ExtensionToggles } from './extension-toggles';
import { UngatedRegistries } from './ungated-registries';

// Below the fold and admin-heavy (dialogs, tables, file pickers): kept out of the first screen's
// bundle budget (web/scripts/report-bundle.mjs).
const NotificationsPanel = lazy(async () => ({
  default: (await import('./notifications/notifications-panel')).NotificationsPanel,
}));
const TrustedSigners = lazy(async () => ({
  default: (await import('./trusted-signers')).TrustedSigners,
}));
const VexDocuments = lazy(async () => ({
  default: (await import('./vex-documents')).VexDocuments,
}));

function installing(patch: PatchEnvironmentInput | undefined, env: Environment): boolean {
  return patch?.extensions?.defenderSensor?.securityGating === true && !env.gatingInstalledAt;
}

/** One environment: plan toggles, install state, ungated registries and clusters. */
export function EnvironmentDetails({ environment }: { environment: Environment }) {
  const styles = useEnvironmentDetailsStyles();
  const patch = usePatchEnvironment(environment.id);
  const gatingOn = environment.extensions.defenderSensor.securityGating;
  const pendingInstall = patch.isPending && installing(patch.variables, environment);

  return (
    <div className={styles.root}>
      <div className={styles.title}>
        <CloudIcon cloud={environment.cloud} size={40} />
        <div>
          <Subtitle1 as="h2">{environment.name}</Subtitle1>
          <Text className={styles.muted} block>
            {environment.cloud} · {environment.accountId}
          </Text>
        </div>
      </div>

      <Panel title="Plan extensions">
        <ExtensionToggles environment={environment} onChange={(p) => patch.mutate(p)} />
        {pendingInstall ? (
          <MessageBar intent="info">
            <MessageBarBody>
              <MessageBarTitle>Installing security gating…</MessageBarTitle>
              Preparing policy distribution and the default Audit rule.
              <ProgressBar aria-label="Installing security gating" />
            </MessageBarBody>
          </MessageBar>
        ) : environment.gatingInstalledAt ? (
          <MessageBar intent={gatingOn ? 'success' : 'warning'}>
            <MessageBarBody>
              <MessageBarTitle>
                {gatingOn
                  ? 'Security gating is installed'
                  : 'Security gating is installed but turned off'}
              </MessageBarTitle>
              Installed {new Date(environment.gatingInstalledAt).toLocaleString()}.
              {!gatingOn &&
                ' Gates in this environment admit everything until you turn it back on.'}
            </MessageBarBody>
          </MessageBar>
        ) : (
          <MessageBar intent="info">
            <MessageBarBody>
              <MessageBarTitle>Security gating is not installed</MessageBarTitle>
              Turn on Security Gating to install it; a default Audit rule for High and Critical
              findings is created.
            </MessageBarBody>
          </MessageBar>
        )}
      </Panel>

      <Panel title="Ungated registries">
        <UngatedRegistries
          key={environment.id}
          registries={environment.ungatedRegistries}
          saving={patch.isPending && patch.variables?.ungatedRegistries !== undefined}
          onSave={(ungatedRegistries) => patch.mutate({ ungatedRegistries })}
        />
      </Panel>

      <Panel title="Trusted signers">
        <PanelErrorBoundary title="The trusted signers failed to show">
          <Suspense fallback={<Text>Loading trusted signers…</Text>}>
            <TrustedSigners key={environment.id} environmentId={environment.id} />
          </Suspense>
        </PanelErrorBoundary>
      </Panel>

      <Panel title="VEX documents">
        <PanelErrorBoundary title="The VEX documents failed to show">
          <Suspense fallback={<Text>Loading VEX documents…</Text>}>
            <VexDocuments environmentId={environment.id} />
          </Suspense>
        </PanelErrorBoundary>
      </Panel>

      <Panel title="Clusters">
        <PanelErrorBoundary title="The clusters failed to show">
          <ClustersPanel environmentId={environment.id} />
        </PanelErrorBoundary>
      </Panel>

      <Panel title="Notifications">
        <PanelErrorBoundary title="Notifications failed to show">
          <Suspense fallback={<Text>Loading notifications…</Text>}>
            <NotificationsPanel environmentId={environment.id} />
          </Suspense>
        </PanelErrorBoundary>
      </Panel>
    </div>
  );
}
