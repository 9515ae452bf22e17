import { makeStyles, tokens } from '@fluentui/react-components';

export const useUngatedRegistriesStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  addRow: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  input: { minWidth: '280px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});
