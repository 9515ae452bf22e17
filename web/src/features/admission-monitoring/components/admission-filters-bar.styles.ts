import { makeStyles, tokens } from '@fluentui/react-components';

export const useAdmissionFiltersBarStyles = makeStyles({
  // A grid, not a wrapping flex row: every field keeps a usable width from 1024 px up.
  root: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
    alignItems: 'end',
    gap: tokens.spacingHorizontalM,
    paddingBottom: tokens.spacingVerticalM,
  },
  narrow: { minWidth: 0 },
  control: { minWidth: 0, width: '100%' },
  decisions: {
    gridColumn: 'span 2',
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
    alignItems: 'center',
    paddingBottom: tokens.spacingVerticalXXS,
  },
  // One column below 1280 px, so the filters stay two rows and the grid above the fold.
  wide: {
    gridColumn: 'span 2',
    minWidth: 0,
    '@media (max-width: 1279px)': { gridColumn: 'span 1' },
  },
  clear: { justifySelf: 'start' },
});
