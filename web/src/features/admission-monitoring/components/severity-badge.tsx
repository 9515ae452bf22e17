import { Badge, makeStyles, shorthands, tokens } from '@fluentui/react-components';
import type { FindingSeverity } from '@gated/shared';

const COLOR: Record<FindingSeverity, 'danger' | 'severe' | 'warning' | 'informative' | 'subtle'> = {
  Critical: 'danger',
  High: 'severe',
  Medium: 'warning',
  Low: 'informative',
  Unknown: 'subtle',
};

// Fluent's outline badge draws its text in the palette colour, which falls below
// 4.5:1 at the small size (High and Medium always; Critical and Low on a hovered
// dark row; axe, scenario 8); the border keeps the severity colour, the text takes
// a foreground that passes on plain and hovered rows in both themes.
const useStyles = makeStyles({
  Critical: {
    color: tokens.colorPaletteRedForeground2,
    ...shorthands.borderColor(tokens.colorPaletteRedBorderActive),
  },
  High: {
    color: tokens.colorPaletteDarkOrangeForeground2,
    ...shorthands.borderColor(tokens.colorPaletteDarkOrangeBorderActive),
  },
  Medium: {
    color: tokens.colorNeutralForeground2,
    ...shorthands.borderColor(tokens.colorPaletteYellowBorderActive),
  },
  Low: {
    color: tokens.colorBrandForeground2,
    ...shorthands.borderColor(tokens.colorBrandStroke1),
  },
  Unknown: {},
});

export function SeverityBadge({ severity }: { severity: FindingSeverity }) {
  const styles = useStyles();
  return (
    <Badge appearance="outline" color={COLOR[severity]} size="small" className={styles[severity]}>
      {severity}
    </Badge>
  );
}
