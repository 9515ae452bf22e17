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
  table: { tableLayout: 'fixed', minWidth: '960px' },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  row: { height: `${ROW_HEIGHT}px`, cursor: 'pointer' },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  time: { width: '170px' },
  cluster: { width: '120px' },
  namespace: { width: '120px' },
  resource: { width: '200px' },
  images: { width: 'auto' },
  decision: { width: '110px' },
  rule: { width: '170px' },
  cve: { width: '190px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  more: { color: tokens.colorNeutralForeground3, paddingLeft: tokens.spacingHorizontalXS },
  cveCell: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});
