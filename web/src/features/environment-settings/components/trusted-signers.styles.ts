import { makeStyles, tokens } from '@fluentui/react-components';

export const useTrustedSignersStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: 0, listStyleType: 'none' },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    paddingBlock: tokens.spacingVerticalXS,
  },
  fingerprint: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground3 },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    maxWidth: '640px',
  },
  key: { fontFamily: tokens.fontFamilyMonospace, minHeight: '96px' },
  statements: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});
