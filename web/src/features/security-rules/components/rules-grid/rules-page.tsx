// Security rules → Vulnerability assessment: the rules grid, its command bar and search. The
// search text (`?q=`) and the selected rule (`?selected=`) live in the URL, so views can be shared.
import {
  Button,
  SearchBox,
  Skeleton,
  SkeletonItem,
  Tab,
  TabList,
  Text,
  ToolbarDivider,
} from '@fluentui/react-components';
import {
  AddRegular,
  ArrowDownloadRegular,
  ArrowUploadRegular,
  CopyRegular,
  DeleteRegular,
  EditRegular,
  PauseCircleRegular,
  PlayCircleRegular,
} from '@fluentui/react-icons';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { Rule } from '@gated/shared';
import {
  rulesExportHref,
  useDeleteRule,
  useRestoreRule,
  useRules,
  useToggleRule,
} from '@/api/rules';
import { environmentNames, scopeEnvironmentsQueryOptions } from '@/api/environments';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { PageHeader } from '@/components/page-header';
import { PanelErrorBoundary } from '@/components/panel-error-boundary';
import { WriteButton } from '@/components/write-button';
import { paths } from '@/config/paths';
import { notify } from '@/lib/notify';
import { CataloguesPanel } from '@/features/security-rules/components/catalogues/catalogues-panel';
import { ExpiringExemptionsLink } from '@/features/security-rules/components/expiring-exemptions/expiring-exemptions-link';
import { RulesImportDialog } from '@/features/security-rules/components/rules-import/rules-import-dialog';
import { BulkRuleActions } from './bulk-rule-actions';
import { searchableText } from './rules-columns';
import { RulesGrid } from './rules-grid';
import { useRulesGridStyles } from './rules-grid.styles';

export function RulesPage() {
  const styles = useRulesGridStyles();
  const navigate = useNavigate();
  const rules = useRules();
  const environments = useQuery(scopeEnvironmentsQueryOptions());
  const names = useMemo(() => environmentNames(environments.data), [environments.data]);
  const [search, setSearch] = useSearchParams();
  // Local state answers the keystroke or click at once (controlled inputs must not wait for a
  // router transition); the URL mirrors it so the view can be shared and survives reloads.
  const [query, setQuery] = useState(() => search.get('q') ?? '');
  // Several rules may be selected (bulk actions); the single-rule commands need exactly one.
  const [selectedIds, setSelectedIds] = useState<string[]>(() => {
    const id = search.get('selected');
    return id ? [id] : [];
  });
  const selectedRules = useMemo(
    () => (rules.data ?? []).filter((r) => selectedIds.includes(r.id)),
    [rules.data, selectedIds],
  );
  const selected = selectedRules.length === 1 ? (selectedRules[0] ?? null) : null;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [importing, setImporting] = useState(false);
  const toggle = useToggleRule();
  const remove = useDeleteRule();
  const restore = useRestoreRule();

  // Disable and delete take effect at once and offer Undo in their toast (enable / restore).
  const toggleWithUndo = (rule: Rule) =>
    toggle.mutate(
      { id: rule.id, enabled: !rule.enabled },
      {
        onSuccess: (saved) =>
          !saved.enabled &&
          notify({
            intent: 'success',
            title: `Rule “${saved.name}” disabled`,
            action: {
              label: 'Undo',
              onClick: () => toggle.mutate({ id: saved.id, enabled: true }),
            },
          }),
      },
    );
  const deleteWithUndo = (rule: Rule) =>
    remove.mutate(rule.id, {
      onSuccess: () => {
        select([]);
        notify({
          intent: 'success',
          title: `Rule “${rule.name}” deleted`,
          action: { label: 'Undo', onClick: () => restore.mutate(rule.id) },
        });
      },
      onSettled: () => setConfirmDelete(false),
    });

  const mirrorToUrl = (key: string, value: string | null) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const setSearchText = (value: string) => {
    setQuery(value);
    mirrorToUrl('q', value);
  };
  const select = (ids: string[]) => {
    setSelectedIds(ids);
    mirrorToUrl('selected', ids.length === 1 ? (ids[0] ?? null) : null);
  };

  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const all = rules.data ?? [];
    return needle ? all.filter((r) => searchableText(r, names).includes(needle)) : all;
  }, [rules.data, names, query]);

  const addButton = (
    <WriteButton
      appearance="primary"
      icon={<AddRegular />}
      onClick={() => void navigate(paths.newRule.build())}
    >
      Add rule
    </WriteButton>
  );

  const commands = (
    <>
      {addButton}
      <WriteButton
        icon={<EditRegular />}
        disabled={!selected}
        onClick={() => selected && void navigate(paths.editRule.build(selected.id))}
      >
        Edit
      </WriteButton>
      <WriteButton
        icon={<CopyRegular />}
        disabled={!selected}
        onClick={() => selected && void navigate(paths.duplicateRule.build(selected.id))}
      >
        Duplicate
      </WriteButton>
      <WriteButton
        icon={selected?.enabled === false ? <PlayCircleRegular /> : <PauseCircleRegular />}
        disabled={!selected || toggle.isPending}
        onClick={() => selected && toggleWithUndo(selected)}
      >
        {selected?.enabled === false ? 'Enable' : 'Disable'}
      </WriteButton>
      <WriteButton
        icon={<DeleteRegular />}
        disabled={!selected}
        onClick={() => setConfirmDelete(true)}
      >
        Delete
      </WriteButton>
      <ToolbarDivider />
      <Button
        as="a"
        icon={<ArrowDownloadRegular />}
        href={rulesExportHref()}
        download="security-rules.yaml"
      >
        Export YAML
      </Button>
      <WriteButton icon={<ArrowUploadRegular />} onClick={() => setImporting(true)}>
        Import
      </WriteButton>
    </>
  );

  let body;
  if (rules.isPending) {
    body = (
      <Skeleton aria-label="Loading rules">
        <SkeletonItem size={32} />
        <SkeletonItem size={32} />
        <SkeletonItem size={32} />
      </Skeleton>
    );
  } else if (rules.isError) {
    body = (
      <ErrorState
        title="The rules could not be loaded"
        error={rules.error}
        onRetry={() => void rules.refetch()}
      />
    );
  } else if (rules.data.length === 0) {
    body = (
      <EmptyState title="No security rules yet" action={addButton}>
        Add a rule to audit or deny images by their vulnerability findings. Start with Audit to see
        what it would catch, then switch it to Deny.
      </EmptyState>
    );
  } else if (visible.length === 0) {
    body = (
      <EmptyState
        title={`No rules match “${query}”`}
        action={<Button onClick={() => setSearchText('')}>Clear search</Button>}
      >
        Search looks at names, descriptions, actions, scopes and conditions.
      </EmptyState>
    );
  } else {
    body = <RulesGrid rules={visible} names={names} selectedIds={selectedIds} onSelect={select} />;
  }

  return (
    <>
      <PageHeader
        title="Security rules"
        breadcrumb={[{ label: 'Security rules' }]}
        description="Rules decide which images gated clusters admit, audit or deny, based on their vulnerability findings."
        commands={commands}
      />
      <TabList selectedValue="vulnerability-assessment" aria-label="Rule types">
        <Tab value="vulnerability-assessment">Vulnerability assessment</Tab>
      </TabList>
      <div className={styles.toolbar}>
        <SearchBox
          className={styles.search}
          aria-label="Search rules"
          placeholder="Search rules"
          value={query}
          onChange={(_e, data) => setSearchText(data.value)}
        />
        <ExpiringExemptionsLink />
        {rules.data && (
          <Text aria-live="polite">
            {visible.length} of {rules.data.length} rules
          </Text>
        )}
      </div>
      <BulkRuleActions rules={selectedRules} onClear={() => select([])} />
      {body}
      <PanelErrorBoundary title="The threat catalogues failed to show">
        <CataloguesPanel />
      </PanelErrorBoundary>
      <ConfirmDialog
        open={confirmDelete && selected !== null}
        title="Delete this rule?"
        confirmLabel="Delete"
        destructive
        busy={remove.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => selected && deleteWithUndo(selected)}
      >
        “{selected?.name}” stops applying on every gated cluster at their next policy sync. You can
        undo it from the notice that follows; to pause a rule instead, disable it.
      </ConfirmDialog>
      <RulesImportDialog open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
