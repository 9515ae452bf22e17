import {
  Badge,
  Caption1,
  Link,
  mergeClasses,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { ExemptionHit, ImageTrace, RuleEvaluation } from '@gated/shared';
import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { DecisionBadge } from './decision-badge';
import { useEventDrawerStyles } from './event-drawer.styles';
import { SeverityBadge } from './severity-badge';

const FINDINGS_STATUS: Record<ImageTrace['findingsStatus'], string> = {
  found: 'Scanned',
  unscanned: 'Not scanned',
  unavailable: 'Findings unavailable (lookup timed out)',
  notGated: 'Ungated registry: not evaluated',
};

function describeExemption(hit: ExemptionHit): string {
  return `${hit.type} ${hit.value}${hit.dropped?.length ? ` (dropped ${hit.dropped.join(', ')})` : ''}`;
}

function RuleResult({ evaluation }: { evaluation: RuleEvaluation }) {
  const styles = useEventDrawerStyles();
  const navigate = useNavigate();
  const href = paths.editRule.build(evaluation.rule.id);
  return (
    <li className={mergeClasses(styles.rule, evaluation.triggered && styles.ruleTriggered)}>
      <div className={styles.row}>
        <Link
          href={href}
          onClick={(e) => {
            e.preventDefault();
            void navigate(href);
          }}
        >
          {evaluation.rule.name}
        </Link>
        {/* Filled, as the rules grid shows an action: the outline badge draws its text in the
            palette colour, and Audit's yellow is 4.43:1 on white at this size (axe, scenario 8). */}
        <Badge
          appearance="filled"
          color={evaluation.rule.action === 'Deny' ? 'danger' : 'warning'}
          size="small"
        >
          {evaluation.rule.action}
        </Badge>
        <Badge
          appearance="tint"
          color={evaluation.triggered ? 'danger' : evaluation.applies ? 'success' : 'subtle'}
          size="small"
        >
          {evaluation.triggered
            ? 'Triggered'
            : evaluation.applies
              ? 'Not triggered'
              : 'Does not apply'}
        </Badge>
      </div>
      <Caption1>
        {evaluation.applies
          ? `Applies: ${evaluation.reason}`
          : `Does not apply: ${evaluation.reason}`}
      </Caption1>
      {evaluation.triggers.length > 0 && (
        <ul className={styles.list} aria-label={`Why ${evaluation.rule.name} triggered`}>
          {evaluation.triggers.map((t) => (
            <li key={t}>
              <Text size={200}>{t}</Text>
            </li>
          ))}
        </ul>
      )}
      {evaluation.exemptionsHit.length > 0 && (
        <Caption1>
          Exemptions hit: {evaluation.exemptionsHit.map(describeExemption).join('; ')}
        </Caption1>
      )}
      {evaluation.softened && <Caption1>Softened: {evaluation.softened}</Caption1>}
    </li>
  );
}

/** One image of the admission: how it was resolved, its findings and every rule tested on it. */
export function ImageTraceView({ image }: { image: ImageTrace }) {
  const styles = useEventDrawerStyles();
  const s = image.summary;
  return (
    <article className={styles.image} aria-label={`Image ${image.reference}`}>
      <div className={styles.row}>
        <DecisionBadge decision={image.decision} />
        <Text className={styles.mono}>{image.reference}</Text>
      </div>
      <Caption1>
        Container {image.container} ({image.containerType}) · digest {image.digest ?? 'unresolved'}{' '}
        ({image.digestSource}) · {FINDINGS_STATUS[image.findingsStatus]}
      </Caption1>
      {s && (
        <Text size={200}>
          Findings: {s.critical} critical, {s.high} high, {s.medium} medium, {s.low} low
          {s.unknown ? `, ${s.unknown} unknown` : ''}
        </Text>
      )}
      {image.worstFindings.length > 0 && (
        <Table size="extra-small" aria-label={`Worst findings of ${image.reference}`}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Finding</TableHeaderCell>
              <TableHeaderCell>Severity</TableHeaderCell>
              <TableHeaderCell>Package</TableHeaderCell>
              <TableHeaderCell>Fixed in</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {image.worstFindings.map((f) => (
              <TableRow key={`${f.id}-${f.package}`}>
                <TableCell>{f.id}</TableCell>
                <TableCell>
                  <SeverityBadge severity={f.severity} />
                </TableCell>
                <TableCell>
                  {f.package} {f.installedVersion}
                </TableCell>
                <TableCell>{f.fixedVersion ?? 'no fix yet'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {image.suppressed.length > 0 && (
        <Caption1>
          Suppressed by VEX: {image.suppressed.map((v) => `${v.id} (${v.status})`).join(', ')}
        </Caption1>
      )}
      <Subtitle2 as="h4">Rules tested</Subtitle2>
      {image.rules.length === 0 ? (
        <Caption1>No rule was tested on this image.</Caption1>
      ) : (
        <ul className={styles.list} aria-label={`Rules tested on ${image.reference}`}>
          {image.rules.map((r) => (
            <RuleResult key={r.rule.id} evaluation={r} />
          ))}
        </ul>
      )}
    </article>
  );
}
