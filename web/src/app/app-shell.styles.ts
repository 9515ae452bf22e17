import { makeStyles, tokens } from '@fluentui/react-components';

export const useAppShellStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateRows: 'auto 1fr',
    gridTemplateColumns: 'auto 1fr',
    gridTemplateAreas: '"header header" "nav main"',
    height: '100vh',
    minWidth: '1024px',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  header: {
    gridArea: 'header',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    paddingLeft: tokens.spacingHorizontalL,
    paddingRight: tokens.spacingHorizontalL,
    height: '48px',
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { flexGrow: 1, color: tokens.colorNeutralForegroundOnBrand },
  user: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  onBrand: { color: tokens.colorNeutralForegroundOnBrand },
  nav: { gridArea: 'nav', height: '100%' },
  main: {
    gridArea: 'main',
    overflow: 'auto',
    paddingTop: tokens.spacingVerticalL,
    paddingBottom: tokens.spacingVerticalL,
    paddingLeft: tokens.spacingHorizontalXXL,
    paddingRight: tokens.spacingHorizontalXXL,
    minWidth: 0,
  },
  skipLink: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { left: tokens.spacingHorizontalM, top: tokens.spacingVerticalM, zIndex: 1 },
  },
});
