// The per-rule preview of an import: what happens to each rule of the document, and why.
import {
  Badge,
  type BadgeProps,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { RuleImportOutcome, RuleImportPreview } from '@gated/shared';
import { useRulesImportDialogStyles } from './rules-import-dialog.styles';

const OUTCOME: Record<RuleImportOutcome, { label: string; color: BadgeProps['color'] }> = {
  create: { label: 'Create', color: 'success' },
  change: { label: 'Change', color: 'warning' },
  unchanged: { label: 'Unchanged', color: 'informative' },
  refuse: { label: 'Refused', color: 'danger' },
};

export interface ImportPreviewTableProps {
  preview: RuleImportPreview;
}

export function ImportPreviewTable({ preview }: ImportPreviewTableProps) {
  const styles = useRulesImportDialogStyles();
  return (
    <div className={styles.tableWrap}>
      <Table aria-label="Import preview" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>#</TableHeaderCell>
            <TableHeaderCell>Rule</TableHeaderCell>
            <TableHeaderCell>Outcome</TableHeaderCell>
            <TableHeaderCell>Details</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {preview.rules.map((r) => {
            const outcome = OUTCOME[r.outcome];
            return (
              <TableRow key={r.index}>
                <TableCell>{r.index + 1}</TableCell>
                <TableCell>{r.name ?? '(no name)'}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={outcome.color}>
                    {outcome.label}
                  </Badge>
                </TableCell>
                <TableCell>
                  {r.errors.length > 0 && (
                    <ul className={styles.list}>
                      {r.errors.map((e) => (
                        <li key={`${e.path}:${e.message}`}>
                          <span className={styles.code}>{e.path}</span>: {e.message}
                        </li>
                      ))}
                    </ul>
                  )}
                  {r.changes.length > 0 && (
                    <ul className={styles.list}>
                      {r.changes.map((c) => (
                        <li key={c.path}>
                          <span className={styles.code}>{c.path}</span>: {c.before ?? '(none)'} →{' '}
                          {c.after ?? '(none)'}
                        </li>
                      ))}
                    </ul>
                  )}
                  {r.outcome === 'create' && 'New rule'}
                  {r.outcome === 'unchanged' && 'Same as the existing rule'}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
