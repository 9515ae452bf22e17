import { makeStyles, tokens } from '@fluentui/react-components';

export const useRulesGridStyles = makeStyles({
  toolbar: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    paddingTop: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalS,
  },
  search: { minWidth: '260px' },
  gridWrap: { overflowX: 'auto' },
  grid: { minWidth: '720px' },
  stacked: { display: 'flex', flexDirection: 'column' },
  selectionBar: { alignItems: 'center', gap: tokens.spacingHorizontalS },
  inline: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});
