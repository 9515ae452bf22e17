// Saving the wizard: create, or update with If-Match. Field errors from the server land on their
// fields (by path); a 412 opens the conflict choice; anything else is shown above the buttons.
import { type RuleInput, RuleInputSchema } from '@gated/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FieldPath, UseFormReturn } from 'react-hook-form';
import { isApiError } from '@/lib/api-client';
import { ruleQueryOptions, useCreateRule, useUpdateRule } from '@/api/rules';
import type { Rule } from '@gated/shared';
import {
  changedFields,
  formPathOfServerError,
  mergeOntoLatest,
  type RuleFormValues,
  ruleToFormValues,
  stepIndexOfPath,
  toRuleInput,
} from '@/features/security-rules/model/rule-form';

export interface RuleSaveOptions {
  form: UseFormReturn<RuleFormValues, unknown, RuleInput>;
  /** Set when editing. */
  ruleId?: string;
  initialEtag?: string;
  goToStep: (index: number) => void;
  onSaved: (rule: Rule) => void;
  /**
   * The impact guard: `needed(input)` says whether this save makes the rule deny more; then it
   * goes out only with `token` (the acknowledged preview), else `ask()` shows the preview.
   */
  acknowledgement: { needed: (input: RuleInput) => boolean; token: string | null; ask: () => void };
}

export function useRuleSave({
  form,
  ruleId,
  initialEtag,
  goToStep,
  onSaved,
  acknowledgement,
}: RuleSaveOptions) {
  const client = useQueryClient();
  const create = useCreateRule();
  const update = useUpdateRule();
  const [etag, setEtag] = useState(initialEtag);
  const [conflict, setConflict] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [resolving, setResolving] = useState(false);
  // The revision my edit started from: "my changes" are the fields that differ from it.
  const baseline = useRef<RuleFormValues | null>(null);
  baseline.current ??= structuredClone(form.getValues());

  const showError = (error: unknown) => {
    if (isApiError(error, 428) && error.code === 'IMPACT_NOT_ACKNOWLEDGED') {
      acknowledgement.ask();
      setFailure(error.message);
      return;
    }
    if (isApiError(error, 412)) {
      setConflict(error.message);
      return;
    }
    if (isApiError(error) && error.errors.length > 0) {
      for (const e of error.errors) {
        form.setError(formPathOfServerError(e) as FieldPath<RuleFormValues>, {
          type: 'server',
          message: e.message,
        });
      }
      goToStep(stepIndexOfPath(error.errors[0]?.path ?? ''));
    }
    setFailure(error instanceof Error ? error.message : 'The rule was not saved. Try again.');
  };

  const send = async (input: RuleInput, ifMatch: string | undefined) => {
    setFailure(null);
    const needed = acknowledgement.needed(input);
    if (needed && !acknowledgement.token) {
      acknowledgement.ask();
      return;
    }
    const ack = needed && acknowledgement.token ? { acknowledgement: acknowledgement.token } : {};
    try {
      const saved = ruleId
        ? await update.mutateAsync({ id: ruleId, input, etag: ifMatch ?? '', ...ack })
        : await create.mutateAsync({ input, ...ack });
      onSaved(saved);
    } catch (error) {
      showError(error);
    }
  };

  const save = (parsed: RuleInput) => send(toRuleInput(parsed), etag);

  /** 412 → discard mine: load their revision into the form. */
  const reload = async () => {
    if (!ruleId) return;
    setResolving(true);
    try {
      const latest = await client.fetchQuery(ruleQueryOptions(ruleId));
      const theirs = ruleToFormValues(latest.rule);
      form.reset(theirs);
      baseline.current = structuredClone(theirs);
      setEtag(latest.etag);
      setConflict(null);
    } catch (error) {
      setConflict(null);
      showError(error);
    } finally {
      setResolving(false);
    }
  };

  /** 412 → keep mine: re-apply the fields I changed on their latest revision and save that. */
  const overwrite = async () => {
    if (!ruleId) return;
    setResolving(true);
    try {
      const latest = await client.fetchQuery(ruleQueryOptions(ruleId));
      const mine = form.getValues();
      const theirs = ruleToFormValues(latest.rule);
      const merged = mergeOntoLatest(mine, theirs, changedFields(mine, baseline.current ?? theirs));
      baseline.current = structuredClone(theirs);
      setEtag(latest.etag);
      setConflict(null);
      const parsed = RuleInputSchema.safeParse(merged);
      if (!parsed.success) {
        form.reset(merged, { keepDirty: true });
        setFailure(
          'Your changes do not fit the latest version; review the highlighted fields and save again.',
        );
        return;
      }
      await send(toRuleInput(parsed.data), latest.etag);
    } catch (error) {
      showError(error);
    } finally {
      setResolving(false);
    }
  };

  return {
    save,
    saving: create.isPending || update.isPending,
    conflict,
    dismissConflict: () => setConflict(null),
    reload: () => void reload(),
    overwrite: () => void overwrite(),
    resolving,
    failure,
  };
}
