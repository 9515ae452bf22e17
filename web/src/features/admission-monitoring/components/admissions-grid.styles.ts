import { makeStyles, tokens } from '@fluentui/react-components';

export const ROW_HEIGHT = 44;

export const useAdmissionsGridStyles = makeStyles({
  scroller: {
    height: '60vh',
    minHeight: '320px',
    overflow: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  // Fixed layout keeps scrolling cheap; below ~1200 px the table scrolls sideways instead of squeezing.
  table: { tableLayout: 'fixed', minWidth: '1195px' },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  row: { height: `${ROW_HEIGHT}px`, cursor: 'pointer' },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  time: { width: '175px' },
  cluster: { width: '110px' },
  namespace: { width: '110px' },
  resource: { width: '180px' },
  images: { width: '200px' },
  decision: { width: '100px' },
  rule: { width: '150px' },
  cve: { width: '170px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  more: { color: tokens.colorNeutralForeground3, paddingLeft: tokens.spacingHorizontalXS },
  cveCell: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});
