import { Badge, Button, Tooltip } from '@fluentui/react-components';
import { PauseRegular, PlayRegular } from '@fluentui/react-icons';

export type Liveness = 'live' | 'paused' | 'lost';

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/**
 * Whether the page is still live: polling and answered (Live), polling stopped by the user or a
 * fixed range (Paused), or the control plane stopped answering (Connection lost: what is shown
 * is as of the last answer).
 */
export function LivenessIndicator({
  state,
  since,
  canResume,
  onToggle,
}: {
  state: Liveness;
  since: number;
  canResume: boolean;
  onToggle: () => void;
}) {
  const label =
    state === 'live'
      ? 'Live'
      : state === 'paused'
        ? 'Paused'
        : `Connection lost${since ? ` · data as of ${timeFormat.format(since)}` : ''}`;
  return (
    <>
      <Badge
        role="status"
        aria-label={`Updates: ${label}`}
        appearance={state === 'live' ? 'tint' : 'filled'}
        color={state === 'live' ? 'success' : state === 'paused' ? 'informative' : 'danger'}
      >
        {label}
      </Badge>
      {canResume && (
        <Tooltip
          content={state === 'paused' ? 'Resume live updates' : 'Pause live updates'}
          relationship="label"
        >
          <Button
            appearance="subtle"
            icon={state === 'paused' ? <PlayRegular /> : <PauseRegular />}
            onClick={onToggle}
          />
        </Tooltip>
      )}
    </>
  );
}
