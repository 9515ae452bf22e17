import { makeStyles, tokens } from '@fluentui/react-components';

export const useAdmissionMonitoringPageStyles = makeStyles({
  chartCard: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    marginBottom: tokens.spacingVerticalS,
  },
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
