// The selection bar of the rules grid (docs/decisions/132): with several rules selected, enable,
// disable or delete them in one request. The server applies all or none; when it refuses, the bar
// names each rule it could not find.
import {
  MessageBar,
  MessageBarBody,
  Text,
  Toolbar,
  ToolbarButton,
} from '@fluentui/react-components';
import {
  DeleteRegular,
  DismissRegular,
  PauseCircleRegular,
  PlayCircleRegular,
} from '@fluentui/react-icons';
import type { Rule, RuleBulkAction } from '@gated/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { exemptionsQueryKey } from '@/api/exemptions';
import { bulkRuleAction } from '@/api/rules-bulk';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { isApiError } from '@/lib/api-client';
import { useWriteAccess } from '@/lib/auth';
import { notify } from '@/lib/notify';
import { rulesQueryOptions } from '@/api/rules';
import { useRulesGridStyles } from './rules-grid.styles';

export interface BulkRuleActionsProps {
  /** The selected rules; the bar shows for two or more. */
  rules: Rule[];
  onClear: () => void;
}

const DONE: Record<RuleBulkAction, string> = {
  enable: 'enabled',
  disable: 'disabled',
  delete: 'deleted',
};

/** "ids.2" → the name of the third selected rule, for a refusal that names what went wrong. */
function refusalText(error: unknown, rules: Rule[]): string[] {
  if (!isApiError(error)) return [];
  return error.errors.map((e) => {
    const index = Number(/^ids\.(\d+)$/.exec(e.path)?.[1] ?? NaN);
    const name = rules[index]?.name;
    return name ? `“${name}”: ${e.message}` : e.message;
  });
}

export function BulkRuleActions({ rules, onClear }: BulkRuleActionsProps) {
  const styles = useRulesGridStyles();
  const client = useQueryClient();
  const { canWrite } = useWriteAccess();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const bulk = useMutation({
    mutationFn: bulkRuleAction,
    meta: { silent: true },
    onSuccess: (result) => {
      const changed = result.items.filter((i) => i.outcome !== 'unchanged').length;
      notify({
        intent: 'success',
        title: `${changed} rule${changed === 1 ? '' : 's'} ${DONE[result.action]}`,
      });
      setConfirmDelete(false);
      onClear();
    },
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: rulesQueryOptions().queryKey }),
        client.invalidateQueries({ queryKey: exemptionsQueryKey }),
      ]),
  });
  if (rules.length < 2) return null;
  const n = rules.length;
  const run = (action: RuleBulkAction) => bulk.mutate({ action, ids: rules.map((r) => r.id) });
  const disabled = !canWrite || bulk.isPending;

  return (
    <>
      <Toolbar aria-label="Selected rules" className={styles.selectionBar}>
        <Text weight="semibold">{n} rules selected</Text>
        <ToolbarButton
          icon={<PlayCircleRegular />}
          disabled={disabled}
          onClick={() => run('enable')}
        >
          Enable {n} rules
        </ToolbarButton>
        <ToolbarButton
          icon={<PauseCircleRegular />}
          disabled={disabled}
          onClick={() => run('disable')}
        >
          Disable {n} rules
        </ToolbarButton>
        <ToolbarButton
          icon={<DeleteRegular />}
          disabled={disabled}
          onClick={() => setConfirmDelete(true)}
        >
          Delete {n} rules
        </ToolbarButton>
        <ToolbarButton icon={<DismissRegular />} onClick={onClear}>
          Clear selection
        </ToolbarButton>
      </Toolbar>
      {bulk.isError && (
        <MessageBar intent="error">
          <MessageBarBody>
            Nothing was changed: {bulk.error.message}
            {refusalText(bulk.error, rules).map((line) => (
              <div key={line}>{line}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${n} rules?`}
        confirmLabel={`Delete ${n} rules`}
        destructive
        busy={bulk.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => run('delete')}
      >
        {rules.map((r) => `“${r.name}”`).join(', ')} stop applying on every gated cluster at their
        next policy sync. To pause rules instead, disable them.
      </ConfirmDialog>
    </>
  );
}
