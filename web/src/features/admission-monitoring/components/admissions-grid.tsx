import {
  Link,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { AdmissionListItem } from '@gated/shared';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { ROW_HEIGHT, useAdmissionsGridStyles } from './admissions-grid.styles';
import { DecisionBadge } from './decision-badge';
import { SeverityBadge } from './severity-badge';

export interface AdmissionsGridProps {
  items: AdmissionListItem[];
  /** Called when the user scrolls near the end of the loaded rows. */
  onEndReached?: () => void;
  /** Opens the details drawer of an event. */
  onOpen: (eventId: string) => void;
  /** Link target of an event (for middle-click / copy link). */
  hrefFor: (eventId: string) => string;
}

const COLUMNS = [
  'Last seen',
  'Count',
  'Namespace',
  'Workload and images',
  'Decision',
  'Deciding rule',
  'Worst CVE',
] as const;
const timeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
});
const countFormat = new Intl.NumberFormat();

/**
 * The events table, virtualized: only the rows in view (plus overscan) are in the DOM, so it
 * stays smooth with 100,000 loaded rows. Fluent Table primitives keep the look; spacer rows keep
 * native table semantics; aria-rowcount/rowindex tell screen readers the real size.
 */
export function AdmissionsGrid({ items, onEndReached, onOpen, hrefFor }: AdmissionsGridProps) {
  const styles = useAdmissionsGridStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 600 },
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows.at(-1)?.index ?? 0;

  useEffect(() => {
    if (onEndReached && items.length > 0 && lastIndex >= items.length - 30) onEndReached();
  }, [lastIndex, items.length, onEndReached]);

  const paddingTop = virtualRows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (virtualRows.at(-1)?.end ?? 0);
  const colClass = [
    styles.time,
    styles.count,
    styles.namespace,
    styles.resource,
    styles.decision,
    styles.rule,
    styles.cve,
  ];

  return (
    <div
      ref={scrollRef}
      className={styles.scroller}
      tabIndex={0}
      role="region"
      aria-label="Admission events, scrollable"
    >
      <Table
        aria-label="Admission events"
        aria-rowcount={items.length + 1}
        className={styles.table}
        size="small"
      >
        <TableHeader className={styles.header}>
          <TableRow aria-rowindex={1}>
            {COLUMNS.map((label, i) => (
              <TableHeaderCell key={label} className={colClass[i]}>
                {label}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {paddingTop > 0 && <tr aria-hidden style={{ height: paddingTop }} />}
          {virtualRows.map((row) => {
            const e = items[row.index];
            if (!e) return null;
            const [first, ...rest] = e.images;
            return (
              <TableRow
                key={e.id}
                aria-rowindex={row.index + 2}
                className={styles.row}
                onClick={() => onOpen(e.id)}
              >
                <TableCell className={styles.cell}>
                  <span className={styles.stack}>
                    <span>{timeFormat.format(new Date(e.lastSeenAt ?? e.time))}</span>
                    {e.count > 1 && (
                      <span className={styles.sub}>
                        first {timeFormat.format(new Date(e.time))}
                      </span>
                    )}
                  </span>
                </TableCell>
                <TableCell
                  className={mergeClasses(styles.cell, styles.countCell)}
                  aria-label={`${e.count} admission${e.count === 1 ? '' : 's'}`}
                >
                  {countFormat.format(e.count)}
                </TableCell>
                <TableCell className={styles.cell} title={`${e.namespace} on ${e.clusterName}`}>
                  <span className={styles.stack}>
                    <span className={styles.cell}>{e.namespace}</span>
                    <span className={mergeClasses(styles.sub, styles.cell)}>{e.clusterName}</span>
                  </span>
                </TableCell>
                <TableCell className={styles.cell}>
                  <span className={styles.stack}>
                    <span className={styles.cell}>
                      <Link
                        className={styles.link}
                        href={hrefFor(e.id)}
                        onClick={(event) => {
                          event.preventDefault();
                          event.stopPropagation();
                          onOpen(e.id);
                        }}
                      >
                        {e.kind}/{e.name}
                      </Link>
                    </span>
                    <span
                      className={mergeClasses(styles.cell, styles.sub, styles.mono)}
                      title={e.images.map((i) => i.reference).join('\n')}
                    >
                      {first?.reference ?? '—'}
                      {rest.length > 0 && <span className={styles.more}>+{rest.length} more</span>}
                    </span>
                  </span>
                </TableCell>
                <TableCell>
                  <DecisionBadge decision={e.decision} />
                </TableCell>
                <TableCell className={styles.cell} title={e.decidingRule?.name}>
                  {e.decidingRule?.name ?? '—'}
                </TableCell>
                <TableCell
                  className={styles.cell}
                  title={
                    e.worstFinding ? `${e.worstFinding.severity} ${e.worstFinding.id}` : undefined
                  }
                >
                  {e.worstFinding ? (
                    <span className={mergeClasses(styles.stack, styles.cveCell)}>
                      <SeverityBadge severity={e.worstFinding.severity} />
                      <span className={styles.cveId}>{e.worstFinding.id}</span>
                    </span>
                  ) : (
                    '—'
                  )}
                </TableCell>
              </TableRow>
            );
          })}
          {paddingBottom > 0 && <tr aria-hidden style={{ height: paddingBottom }} />}
        </TableBody>
      </Table>
    </div>
  );
}
