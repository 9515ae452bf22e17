// The rule wizard: Basics → Scope → Conditions → Exemptions → Review over one react-hook-form
// validated by the shared RuleInputSchema. Each Next validates only that step's fields; Save
// validates everything and jumps to the first step with an error. Readers see it read-only.
import { Button, MessageBar, MessageBarBody, Tab, TabList } from '@fluentui/react-components';
import { ArrowLeftRegular, ArrowRightRegular, SaveRegular } from '@fluentui/react-icons';
import {
  impactAcknowledgementRequired,
  type Rule,
  type RuleInput,
  RuleInputSchema,
} from '@gated/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { FormProvider, useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { UnsavedChangesPrompt } from '@/components/unsaved-changes-prompt';
import { WriteButton } from '@/components/write-button';
import { paths } from '@/config/paths';
import { useWriteAccess } from '@/lib/auth';
import {
  emptyRuleForm,
  type RuleFormValues,
  ruleToFormValues,
  stepIndexOfPath,
  toRuleInput,
  WIZARD_STEPS,
} from '@/features/security-rules/model/rule-form';
import { BasicsStep } from './basics-step';
import { ConditionsStep } from './conditions-step';
import { ConflictDialog } from './conflict-dialog';
import { ExemptionsStep } from './exemptions-step';
import { ReviewStep } from './review-step';
import { useRuleWizardStyles } from './rule-wizard.styles';
import { ScopeStep } from './scope-step';
import { useRuleSave } from './use-rule-save';

export interface RuleWizardProps {
  /** The rule being edited with its ETag; absent when adding. @default undefined */
  editing?: { rule: Rule; etag: string };
  /** Values a new rule starts from (a duplicate); absent: an empty form. @default undefined */
  initialValues?: RuleFormValues;
}

const LAST = WIZARD_STEPS.length - 1;

export function RuleWizard({ editing, initialValues }: RuleWizardProps) {
  const styles = useRuleWizardStyles();
  const navigate = useNavigate();
  const { canWrite } = useWriteAccess();
  const form = useForm<RuleFormValues, unknown, RuleInput>({
    resolver: zodResolver(RuleInputSchema),
    defaultValues: editing ? ruleToFormValues(editing.rule) : (initialValues ?? emptyRuleForm()),
    // onChange, not onTouched: a field-array append validates the new row at once, and with
    // onTouched its "Enter a value" would then linger until blur, and the blur's layout shift
    // swallowed the click on the next control (seen in Chromium on the Time-bound switch).
    mode: 'onChange',
  });
  const [step, setStep] = useState(0);
  // Editing (or duplicating) starts from a valid rule, so every step is reachable; adding unlocks
  // them in order.
  const [reached, setReached] = useState(editing || initialValues ? LAST : 0);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (moved.current) heading.current?.focus();
    moved.current = true;
  }, [step]);

  // The acknowledged impact preview's token: valid only while the draft is on the Review step
  // (going back to change it drops the acknowledgement).
  const [ackToken, setAckToken] = useState<string | null>(null);
  const [ackAsked, setAckAsked] = useState(false);
  const denyMore = (input: RuleInput) => impactAcknowledgementRequired(editing?.rule, input);
  const goToStep = (index: number) => {
    if (index !== LAST) setAckToken(null);
    setStep(index);
    setReached((r) => Math.max(r, index));
  };
  // Set just before leaving after a save, so the unsaved-changes prompt lets that navigation go.
  const [saved, setSaved] = useState(false);
  const saver = useRuleSave({
    form,
    ruleId: editing?.rule.id,
    initialEtag: editing?.etag,
    goToStep,
    onSaved: (rule) => {
      // Rendered at once, so the blocker sees the prompt lifted before the navigation.
      flushSync(() => setSaved(true));
      void navigate(`${paths.rules.build()}?selected=${encodeURIComponent(rule.id)}`);
    },
    acknowledgement: {
      needed: denyMore,
      token: ackToken,
      ask: () => {
        setAckAsked(true);
        goToStep(LAST);
      },
    },
  });

  const current = WIZARD_STEPS[step] ?? WIZARD_STEPS[0];
  // Reads errors through getFieldState: formState.errors is a render-time proxy, stale in handlers.
  const firstInvalidStep = () => {
    const index = WIZARD_STEPS.findIndex((s) =>
      s.fields.some((f) => form.getFieldState(f).invalid),
    );
    return index === -1 ? step : index;
  };
  const next = async () => {
    if (!(await form.trigger([...(current?.fields ?? [])]))) return;
    if (step + 1 === LAST && !(await form.trigger())) {
      goToStep(firstInvalidStep());
      return;
    }
    goToStep(step + 1);
  };
  const submit = form.handleSubmit(saver.save, (errors) =>
    goToStep(stepIndexOfPath(Object.keys(errors)[0] ?? '')),
  );

  const parsedForReview = step === LAST ? RuleInputSchema.safeParse(form.getValues()) : null;
  const title = editing ? `Edit rule: ${editing.rule.name}` : 'Add rule';

  return (
    <>
      <PageHeader
        title={title}
        breadcrumb={[
          { label: 'Security rules', to: paths.rules.build() },
          { label: editing ? 'Edit rule' : 'New rule' },
        ]}
      />
      {!canWrite && (
        <MessageBar intent="info">
          <MessageBarBody>
            You can view this rule. Changing rules requires the Security Admin role.
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.layout}>
        <TabList
          vertical
          selectedValue={current?.id}
          onTabSelect={(_e, d) => goToStep(WIZARD_STEPS.findIndex((s) => s.id === d.value))}
          aria-label="Wizard steps"
        >
          {WIZARD_STEPS.map((s, i) => (
            <Tab key={s.id} value={s.id} disabled={i > reached}>
              {`${i + 1}. ${s.label}`}
            </Tab>
          ))}
        </TabList>
        <FormProvider {...form}>
          <form
            aria-label={title}
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (step === LAST || editing) void submit();
              else void next();
            }}
          >
            <h2 className={styles.stepTitle} tabIndex={-1} ref={heading}>
              {current?.label}
            </h2>
            <fieldset className={styles.fieldset} disabled={!canWrite}>
              <legend
                className={styles.muted}
              >{`Step ${step + 1} of ${WIZARD_STEPS.length}`}</legend>
              {current?.id === 'basics' && <BasicsStep />}
              {current?.id === 'scope' && <ScopeStep />}
              {current?.id === 'conditions' && <ConditionsStep />}
              {current?.id === 'exemptions' && <ExemptionsStep />}
            </fieldset>
            {current?.id === 'review' && parsedForReview?.success && (
              <ReviewStep
                rule={toRuleInput(parsedForReview.data)}
                ruleId={editing?.rule.id}
                {...(denyMore(parsedForReview.data)
                  ? {
                      acknowledgement: {
                        token: ackToken,
                        asked: ackAsked,
                        onChange: setAckToken,
                      },
                    }
                  : {})}
              />
            )}
            {saver.failure && (
              <MessageBar intent="error">
                <MessageBarBody>{saver.failure}</MessageBarBody>
              </MessageBar>
            )}
            <div className={styles.footer}>
              <Button
                icon={<ArrowLeftRegular />}
                disabled={step === 0}
                onClick={() => goToStep(step - 1)}
              >
                Back
              </Button>
              {step < LAST && (
                <Button
                  icon={<ArrowRightRegular />}
                  iconPosition="after"
                  onClick={() => void next()}
                >
                  Next
                </Button>
              )}
              {(step === LAST || editing) && (
                <WriteButton
                  appearance="primary"
                  type="submit"
                  icon={<SaveRegular />}
                  disabled={saver.saving}
                >
                  {editing ? 'Save changes' : 'Add rule'}
                </WriteButton>
              )}
              <span className={styles.spacer} />
              <Button appearance="subtle" onClick={() => void navigate(paths.rules.build())}>
                Cancel
              </Button>
            </div>
          </form>
        </FormProvider>
      </div>
      <UnsavedChangesPrompt
        when={canWrite && form.formState.isDirty && !saved}
        what={editing ? 'your changes to this rule' : 'the rule you started'}
      />
      <ConflictDialog
        open={saver.conflict !== null}
        detail={saver.conflict ?? undefined}
        busy={saver.resolving}
        onReload={saver.reload}
        onOverwrite={saver.overwrite}
        onCancel={saver.dismissConflict}
      />
    </>
  );
}
