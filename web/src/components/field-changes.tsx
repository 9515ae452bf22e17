// What an audit entry changed, as "path: before → after" lines. Shared by the rule details
// history and the audit-log screen, so both show a change the same way.
import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import type { AuditEntry } from '@gated/shared';

type FieldChange = NonNullable<AuditEntry['changes']>[number];

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'grid', rowGap: '2px' },
  path: { fontFamily: tokens.fontFamilyMonospace },
  before: { color: tokens.colorPaletteRedForeground1, textDecorationLine: 'line-through' },
  after: { color: tokens.colorPaletteGreenForeground1 },
});

/** A value as one short line: strings as they are, the rest as JSON, long ones cut. */
export function formatValue(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export interface FieldChangesProps {
  changes: readonly FieldChange[];
  /** Shown beyond this many lines as "+N more". @default 12 */
  max?: number;
}

export function FieldChanges({ changes, max = 12 }: FieldChangesProps) {
  const styles = useStyles();
  if (changes.length === 0) return <Caption1>No field changed</Caption1>;
  const shown = changes.slice(0, max);
  return (
    <ul className={styles.list} aria-label="Changed fields">
      {shown.map((c) => (
        <li key={c.path}>
          <span className={styles.path}>{c.path}</span>:{' '}
          {c.before !== undefined && <span className={styles.before}>{formatValue(c.before)}</span>}
          {c.before !== undefined && c.after !== undefined && ' → '}
          {c.after !== undefined ? (
            <span className={styles.after}>{formatValue(c.after)}</span>
          ) : (
            ' (removed)'
          )}
          {c.before === undefined && ' (added)'}
        </li>
      ))}
      {changes.length > max && <li>+{changes.length - max} more</li>}
    </ul>
  );
}
