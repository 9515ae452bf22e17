// The audit log's filters: edited locally, applied to the URL on submit (so a filtered view can be
// linked, and typing does not fire a request per key).
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AuditUrlFilters } from '@/features/audit-log/model/audit-filters';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
  },
});

const EMPTY: AuditUrlFilters = { actor: '', action: '', target: '', fromDay: '', toDay: '' };

export function AuditFilterBar({
  value,
  onApply,
}: {
  value: AuditUrlFilters;
  onApply: (f: AuditUrlFilters) => void;
}) {
  const styles = useStyles();
  const [draft, setDraft] = useState(value);
  const set = (k: keyof AuditUrlFilters) => (_: unknown, d: { value: string }) =>
    setDraft((f) => ({ ...f, [k]: d.value }));
  return (
    <form
      className={styles.form}
      aria-label="Audit log filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <Field label="Actor">
        <Input value={draft.actor} onChange={set('actor')} placeholder="admin" />
      </Field>
      <Field label="Action" hint="Exact, or a prefix ending in a dot: rule.">
        <Input value={draft.action} onChange={set('action')} placeholder="rule.update" />
      </Field>
      <Field label="Target id">
        <Input value={draft.target} onChange={set('target')} />
      </Field>
      <Field label="From day">
        <Input type="date" value={draft.fromDay} onChange={set('fromDay')} />
      </Field>
      <Field label="To day">
        <Input type="date" value={draft.toDay} onChange={set('toDay')} />
      </Field>
      <Button type="submit" appearance="primary">
        Apply filters
      </Button>
      <Button
        type="button"
        onClick={() => {
          setDraft(EMPTY);
          onApply(EMPTY);
        }}
      >
        Clear
      </Button>
    </form>
  );
}
