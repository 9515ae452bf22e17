import { makeStyles, tokens } from '@fluentui/react-components';

export const useRegisterClusterDialogStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  secretRow: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  secret: { flexGrow: 1, fontFamily: tokens.fontFamilyMonospace },
  command: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    backgroundColor: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
  },
});
