import { makeStyles, tokens } from '@fluentui/react-components';

export const useCloudIconStyles = makeStyles({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    flexShrink: 0,
    borderRadius: tokens.borderRadiusMedium,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase200,
  },
  s24: { width: '24px', height: '24px', fontSize: tokens.fontSizeBase100 },
  s32: { width: '32px', height: '32px' },
  s40: { width: '40px', height: '40px', fontSize: tokens.fontSizeBase300 },
  Azure: { backgroundColor: tokens.colorBrandBackground2, color: tokens.colorBrandForeground2 },
  AWS: {
    backgroundColor: tokens.colorPaletteDarkOrangeBackground2,
    color: tokens.colorPaletteDarkOrangeForeground2,
  },
  GCP: {
    backgroundColor: tokens.colorPaletteGreenBackground2,
    color: tokens.colorPaletteGreenForeground2,
  },
});
