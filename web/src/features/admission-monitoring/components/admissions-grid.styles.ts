import { makeStyles, tokens } from '@fluentui/react-components';

export const ROW_HEIGHT = 44;

export const useAdmissionsGridStyles = makeStyles({
  // Fills what the header, filters and chart leave of the window (docs/decisions/121-*).
  scroller: {
    height: 'max(260px, calc(100vh - 470px))',
    overflow: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  // Fixed layout keeps scrolling cheap; fixed columns for short values, the rest share the width,
  // so every column fits the 736 px a 1024 px window leaves the page (no sideways scroll).
  table: { tableLayout: 'fixed', width: '100%' },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  row: { height: `${ROW_HEIGHT}px`, cursor: 'pointer' },
  // The default link blue falls to 4.2:1 on a hovered row in the dark theme (axe, scenario 8);
  // Foreground2 is the same blue in the light theme and a lighter one in the dark.
  link: { color: tokens.colorBrandForeground2 },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  // Columns without a width share what the fixed ones leave.
  // Content widths: each cell adds 16 px of padding.
  time: { width: '116px' },
  count: { width: '44px' },
  namespace: {},
  resource: {},
  decision: { width: '88px' },
  rule: {},
  cve: { width: '120px' },
  stack: { display: 'flex', flexDirection: 'column', minWidth: 0, lineHeight: '16px' },
  sub: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100 },
  countCell: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  more: { color: tokens.colorNeutralForeground3, paddingLeft: tokens.spacingHorizontalXS },
  // Severity over the id: side by side they overflow the column ("Critical" + a 13-character id).
  cveCell: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', minWidth: 0 },
  cveId: {
    maxWidth: '100%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    fontSize: tokens.fontSizeBase200,
  },
});
