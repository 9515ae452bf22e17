import { makeStyles, tokens } from '@fluentui/react-components';

export const useAdmissionFiltersBarStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    paddingBottom: tokens.spacingVerticalM,
  },
  narrow: { minWidth: '140px', maxWidth: '180px' },
  decisions: { display: 'flex', gap: tokens.spacingHorizontalXS, alignSelf: 'flex-end', paddingBottom: tokens.spacingVerticalXXS },
  wide: { minWidth: '220px', flexGrow: 1, maxWidth: '360px' },
});
