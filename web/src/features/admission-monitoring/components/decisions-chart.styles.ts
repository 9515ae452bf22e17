import { makeStyles, tokens } from '@fluentui/react-components';

export const useDecisionsChartStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minHeight: '110px',
  },
  caption: { color: tokens.colorNeutralForeground3, alignSelf: 'center' },
  totals: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  plot: { width: '100%', minHeight: '90px' },
});
