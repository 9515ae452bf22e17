import { Button, Subtitle2, Text } from '@fluentui/react-components';
import { ErrorCircleRegular } from '@fluentui/react-icons';
import { ApiError } from '@/lib/api-client';
import { useStatePanelStyles } from './state-panel.styles';

export interface ErrorStateProps {
  /** @default 'Something went wrong' */
  title?: string;
  error: unknown;
  /** Shows a "Try again" button. @default undefined */
  onRetry?: () => void;
}

/** A failure that says what happened and what to do (retry, sign in, ask an admin). */
export function ErrorState({ title = 'Something went wrong', error, onRetry }: ErrorStateProps) {
  const styles = useStatePanelStyles();
  const message =
    error instanceof Error ? error.message : 'An unexpected error happened. Reload the page.';
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className={styles.root} role="alert">
      <span className={styles.errorIcon} aria-hidden>
        <ErrorCircleRegular />
      </span>
      <Subtitle2 as="h2">{title}</Subtitle2>
      <Text className={styles.body}>{message}</Text>
      {requestId && <Text size={200}>Request id: {requestId}</Text>}
      {onRetry && (
        <Button appearance="primary" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}
