import { makeStyles, tokens } from '@fluentui/react-components';

export const useStatePanelStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    gap: tokens.spacingVerticalM,
    paddingTop: tokens.spacingVerticalXXL,
    paddingBottom: tokens.spacingVerticalXXL,
    paddingLeft: tokens.spacingHorizontalL,
    paddingRight: tokens.spacingHorizontalL,
  },
  icon: { fontSize: '48px', color: tokens.colorNeutralForeground3 },
  errorIcon: { fontSize: '48px', color: tokens.colorPaletteRedForeground1 },
  body: { color: tokens.colorNeutralForeground2, maxWidth: '60ch' },
});
