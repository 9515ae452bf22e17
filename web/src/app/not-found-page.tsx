import { Button } from '@fluentui/react-components';
import { useNavigate } from 'react-router';
import { EmptyState } from '@/components/empty-state';
import { HOME_PATH } from '@/config/paths';

export function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <EmptyState
      title="This page does not exist"
      action={
        <Button appearance="primary" onClick={() => void navigate(HOME_PATH)}>
          Go to Environment settings
        </Button>
      }
    >
      Check the address, or use the navigation on the left.
    </EmptyState>
  );
}
