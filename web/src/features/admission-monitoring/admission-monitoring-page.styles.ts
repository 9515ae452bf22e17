import { makeStyles, tokens } from '@fluentui/react-components';

export const useAdmissionMonitoringPageStyles = makeStyles({
  chartCard: { padding: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalM },
  statusRow: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    minHeight: '32px',
    paddingBottom: tokens.spacingVerticalS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});
