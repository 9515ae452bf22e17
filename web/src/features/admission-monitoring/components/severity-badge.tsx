import { Badge, makeStyles, shorthands, tokens } from '@fluentui/react-components';
import type { FindingSeverity } from '@gated/shared';

const COLOR: Record<FindingSeverity, 'danger' | 'severe' | 'warning' | 'informative' | 'subtle'> = {
  Critical: 'danger',
  High: 'severe',
  Medium: 'warning',
  Low: 'informative',
  Unknown: 'subtle',
};

// Fluent's outline badge draws High and Medium text in orange and yellow
// that fall below 4.5:1 at the small size (axe, scenario 8); the border keeps
// the severity colour, the text takes a foreground that passes in both themes.
const useStyles = makeStyles({
  High: {
    color: tokens.colorPaletteDarkOrangeForeground2,
    ...shorthands.borderColor(tokens.colorPaletteDarkOrangeBorderActive),
  },
  Medium: {
    color: tokens.colorNeutralForeground2,
    ...shorthands.borderColor(tokens.colorPaletteYellowBorderActive),
  },
});

export function SeverityBadge({ severity }: { severity: FindingSeverity }) {
  const styles = useStyles();
  const className =
    severity === 'High' ? styles.High : severity === 'Medium' ? styles.Medium : undefined;
  return (
    <Badge appearance="outline" color={COLOR[severity]} size="small" className={className}>
      {severity}
    </Badge>
  );
}
