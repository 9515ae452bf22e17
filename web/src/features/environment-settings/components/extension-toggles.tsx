import { Caption1, Switch, useId } from '@fluentui/react-components';
import { type Environment, type PatchEnvironmentInput, TOGGLE_LABELS } from '@gated/shared';
import { lazy, Suspense, useState } from 'react';
import { ReasonTooltip } from '@/components/reason-tooltip';
import { useWriteAccess } from '@/lib/auth';
import { useExtensionTogglesStyles } from './extension-toggles.styles';

// Lazy: the dialog (Fluent Dialog and its portal) stays out of the first screen's bundle budget.
const SwitchOffDialog = lazy(() =>
  import('./switch-off-dialog').then((m) => ({ default: m.SwitchOffDialog })),
);

type Plan = 'defenderSensor' | 'registryAccess';
const HIERARCHY: { plan: Plan; child: 'securityGating' | 'securityFindings' }[] = [
  { plan: 'defenderSensor', child: 'securityGating' },
  { plan: 'registryAccess', child: 'securityFindings' },
];

export interface ExtensionTogglesProps {
  environment: Environment;
  onChange: (patch: PatchEnvironmentInput) => void;
}

/**
 * The four plan-extension switches as parent → child. A child is disabled while its parent is off
 * (a tooltip and a visible hint say why); turning a parent off turns its child off with it, since
 * the server refuses a child that is on under a parent that is off.
 */
export function ExtensionToggles({ environment, onChange }: ExtensionTogglesProps) {
  const styles = useExtensionTogglesStyles();
  const { canWrite, reason } = useWriteAccess();
  const idBase = useId('toggle-hint');
  // Switching enforcement off (Defender Sensor, or Security Gating under it) waits for a
  // confirmation that says how many clusters and rules it reaches.
  const [pending, setPending] = useState<{ what: string; patch: PatchEnvironmentInput } | null>(
    null,
  );
  const change = (what: string, patch: PatchEnvironmentInput, switchesOffGating: boolean) => {
    if (switchesOffGating && environment.extensions.defenderSensor.securityGating)
      setPending({ what, patch });
    else onChange(patch);
  };
  return (
    <div className={styles.grid}>
      {pending && (
        <Suspense fallback={null}>
          <SwitchOffDialog
            what={pending.what}
            environmentId={environment.id}
            environmentName={environment.name}
            onCancel={() => setPending(null)}
            onConfirm={() => {
              onChange(pending.patch);
              setPending(null);
            }}
          />
        </Suspense>
      )}
      {HIERARCHY.map(({ plan, child }) => {
        const parentLabel = TOGGLE_LABELS[`${plan}.enabled`];
        const childLabel = TOGGLE_LABELS[`${plan}.${child}` as keyof typeof TOGGLE_LABELS];
        const values = environment.extensions[plan] as Record<string, boolean>;
        const parentOn = values.enabled ?? false;
        const childOn = values[child] ?? false;
        const hintId = `${idBase}-${plan}`;
        const why = !canWrite ? reason : `Turn on ${parentLabel} first: ${childLabel} needs it`;
        const childDisabled = !canWrite || !parentOn;
        return (
          <div
            key={plan}
            className={styles.group}
            role="group"
            aria-label={`${parentLabel} extensions`}
          >
            <ReasonTooltip reason={reason} active={!canWrite}>
              <div>
                <Switch
                  label={parentLabel}
                  checked={parentOn}
                  disabled={!canWrite}
                  onChange={(_e, data) =>
                    change(
                      parentLabel,
                      {
                        extensions: {
                          [plan]: data.checked
                            ? { enabled: true }
                            : { enabled: false, [child]: false },
                        },
                      },
                      plan === 'defenderSensor' && !data.checked,
                    )
                  }
                />
              </div>
            </ReasonTooltip>
            <div className={styles.child}>
              <ReasonTooltip reason={why} active={childDisabled}>
                <div>
                  <Switch
                    label={childLabel}
                    checked={childOn}
                    disabled={childDisabled}
                    aria-describedby={childDisabled ? hintId : undefined}
                    onChange={(_e, data) =>
                      change(
                        childLabel,
                        { extensions: { [plan]: { [child]: data.checked } } },
                        child === 'securityGating' && !data.checked,
                      )
                    }
                  />
                </div>
              </ReasonTooltip>
              {childDisabled && (
                <Caption1 id={hintId} className={styles.hint}>
                  {why}
                </Caption1>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
