// Audit entries as a table: when, who, what action, on which target, and what changed.
import {
  Link,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { type AuditEntry, diffValues } from '@gated/shared';
import { useNavigate } from 'react-router';
import { FieldChanges } from '@/components/field-changes';
import { paths } from '@/config/paths';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** The name the entry's before/after carries, when it has one. */
function targetName(e: AuditEntry): string | undefined {
  for (const v of [e.after, e.before]) {
    if (v && typeof v === 'object' && 'name' in v && typeof v.name === 'string') return v.name;
  }
  return undefined;
}

function Target({ entry }: { entry: AuditEntry }) {
  const navigate = useNavigate();
  const name = targetName(entry);
  const label = `${entry.resourceType} ${name ?? entry.resourceId}`;
  if (entry.resourceType !== 'rule' || entry.action === 'rule.delete') return <Text>{label}</Text>;
  const href = paths.ruleDetails.build(entry.resourceId);
  return (
    <Link
      href={href}
      onClick={(event) => {
        event.preventDefault();
        void navigate(href);
      }}
    >
      {label}
    </Link>
  );
}

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <Table aria-label="Audit log" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>When</TableHeaderCell>
          <TableHeaderCell>Who</TableHeaderCell>
          <TableHeaderCell>Action</TableHeaderCell>
          <TableHeaderCell>Target</TableHeaderCell>
          <TableHeaderCell>What changed</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((e) => (
          <TableRow key={e.id}>
            <TableCell>{dateTime.format(new Date(e.at))}</TableCell>
            <TableCell>{e.actor}</TableCell>
            <TableCell>{e.action}</TableCell>
            <TableCell>
              <Target entry={e} />
            </TableCell>
            <TableCell>
              {e.before === null || e.after === null ? (
                <Text>{e.before === null ? 'Created' : 'Deleted'}</Text>
              ) : (
                <FieldChanges changes={e.changes ?? diffValues(e.before, e.after)} max={6} />
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
