import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';

export const useRuleWizardStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(140px, 180px) minmax(0, 1fr)',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
  },
  // The disabled fieldset makes every native control read-only for readers; no visual frame.
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  step: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '760px',
  },
  footer: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    paddingTop: tokens.spacingVerticalXL,
    marginTop: tokens.spacingVerticalXL,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  spacer: { flexGrow: 1 },
  stepTitle: { ...typographyStyles.subtitle1, marginTop: 0, marginBottom: tokens.spacingVerticalM },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, 1fr) minmax(120px, 1fr) minmax(160px, 2fr) auto',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
  },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  cardHeader: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  pair: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
    gap: tokens.spacingHorizontalM,
  },
  thresholds: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, 160px) minmax(140px, 220px) auto',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
  },
  sectionTitle: { marginTop: tokens.spacingVerticalS },
  yaml: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    overflowX: 'auto',
    maxHeight: '320px',
    margin: 0,
  },
  counts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL },
  count: { display: 'flex', flexDirection: 'column' },
  toggles: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  muted: { color: tokens.colorNeutralForeground3 },
});
