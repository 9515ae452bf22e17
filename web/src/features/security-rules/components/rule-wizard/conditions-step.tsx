import {
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  SpinButton,
  Subtitle2,
  Switch,
  Text,
} from '@fluentui/react-components';
import { SEVERITIES, type Severity } from '@gated/shared';
import { Controller, type FieldErrors, useFormContext } from 'react-hook-form';
import type { RuleFormValues } from '@/features/security-rules/model/rule-form';
import { CveIdPicker } from './cve-id-picker';
import { spinValue } from './spin-value';
import { TeamConditions } from './team-conditions';
import { SignedFindingsOption } from './signed-findings-option';
import { useRuleWizardStyles } from './rule-wizard.styles';

type ThresholdDraft = { severity: Severity; maxAllowed?: number; fixableOnly?: boolean };

function severityLabel(severity: Severity): string {
  return severity === 'Critical' ? 'Critical' : `${severity} or higher`;
}

function cveErrors(errors: FieldErrors<RuleFormValues>): {
  message: string | undefined;
  invalid: number[];
} {
  const list = errors.conditions?.cveIds;
  if (!list) return { message: undefined, invalid: [] };
  if (!Array.isArray(list)) return { message: list.message, invalid: [] };
  const invalid: number[] = [];
  let message: string | undefined;
  (list as ({ message?: string } | undefined)[]).forEach((e, i) => {
    if (!e?.message) return;
    invalid.push(i);
    message ??= e.message;
  });
  return { message, invalid };
}

/** The message naming the refused ids, so the bad chip among several is the one named. */
function cveMessage(cves: { message: string | undefined; invalid: number[] }, ids: string[]) {
  if (!cves.message || cves.invalid.length === 0) return cves.message;
  const names = cves.invalid.map((i) => `“${ids[i] ?? ''}”`).join(', ');
  return `${names}: ${cves.message}`;
}

export function ConditionsStep() {
  const styles = useRuleWizardStyles();
  const { control, formState, trigger } = useFormContext<RuleFormValues>();
  // "Add at least one condition" sits on the group, not on the field being edited: re-check the
  // group on every change once it is shown, so it disappears as soon as a condition is added.
  const recheck = () => {
    if (formState.errors.conditions) void trigger('conditions');
  };
  const rootError =
    formState.errors.conditions?.message ?? formState.errors.conditions?.root?.message;
  const cves = cveErrors(formState.errors);
  return (
    <div className={styles.step}>
      <Text className={styles.muted}>
        The rule triggers when any one of these conditions is met.
      </Text>
      {rootError && (
        <MessageBar intent="error">
          <MessageBarBody>{rootError}</MessageBarBody>
        </MessageBar>
      )}
      <Subtitle2 as="h3">Severity thresholds</Subtitle2>
      <Controller
        control={control}
        name="conditions.severityThresholds"
        render={({ field }) => {
          const list = (field.value ?? []) as ThresholdDraft[];
          const set = (next: ThresholdDraft[]) => {
            field.onChange(SEVERITIES.flatMap((s) => next.filter((t) => t.severity === s)));
            recheck();
          };
          return (
            <div className={styles.thresholds} role="group" aria-label="Severity thresholds">
              {SEVERITIES.map((severity) => {
                const index = list.findIndex((t) => t.severity === severity);
                const threshold = list[index];
                const error =
                  formState.errors.conditions?.severityThresholds?.[index]?.maxAllowed?.message;
                return [
                  <Checkbox
                    key={`${severity}-on`}
                    label={severityLabel(severity)}
                    checked={threshold !== undefined}
                    onChange={(_e, d) =>
                      set(
                        d.checked
                          ? [...list, { severity, maxAllowed: 0 }]
                          : list.filter((t) => t.severity !== severity),
                      )
                    }
                  />,
                  <Field
                    key={`${severity}-n`}
                    label={`${severity}: findings allowed`}
                    validationMessage={error}
                    size="small"
                  >
                    <SpinButton
                      min={0}
                      disabled={threshold === undefined}
                      value={threshold?.maxAllowed ?? 0}
                      onChange={(_e, d) =>
                        set(
                          list.map((t) =>
                            t.severity === severity ? { ...t, maxAllowed: spinValue(d) } : t,
                          ),
                        )
                      }
                    />
                  </Field>,
                  <Checkbox
                    key={`${severity}-fix`}
                    label="Fixable only"
                    aria-label={`${severity}: count only findings with a fix`}
                    disabled={threshold === undefined}
                    checked={threshold?.fixableOnly === true}
                    onChange={(_e, d) =>
                      set(
                        list.map((t) => {
                          if (t.severity !== severity) return t;
                          const { fixableOnly: _off, ...rest } = t;
                          return d.checked === true ? { ...rest, fixableOnly: true } : rest;
                        }),
                      )
                    }
                  />,
                ];
              })}
            </div>
          );
        }}
      />
      <Text className={styles.muted}>
        A threshold triggers when an image has more findings than allowed at that severity or
        higher. “Fixable only” counts just the findings with a fixed version, so you can Deny what
        can be fixed and Audit the rest.
      </Text>
      <Subtitle2 as="h3">Vulnerability ids</Subtitle2>
      <Controller
        control={control}
        name="conditions.cveIds"
        render={({ field }) => (
          <Field
            label="CVE ids"
            hint="Triggers when any listed id is present. CVE-YYYY-NNNN or GHSA-xxxx-xxxx-xxxx."
            validationMessage={cveMessage(cves, field.value ?? [])}
          >
            <CveIdPicker
              value={field.value ?? []}
              onChange={(ids) => {
                field.onChange(ids);
                recheck();
              }}
              onBlur={field.onBlur}
              invalid={cves.invalid}
            />
          </Field>
        )}
      />
      <TeamConditions onChange={recheck} />
      <Controller
        control={control}
        name="blockUnscanned"
        render={({ field }) => (
          <Switch
            label="Treat images without a scan report as triggering"
            checked={field.value ?? false}
            onChange={(_e, d) => field.onChange(d.checked)}
          />
        )}
      />
      <SignedFindingsOption />
    </div>
  );
}
