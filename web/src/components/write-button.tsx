import { Button, type ButtonProps, Tooltip } from '@fluentui/react-components';
import { useWriteAccess } from '@/lib/auth';

/**
 * A Fluent Button for write actions. For readers it is disabled (but still focusable, so the
 * tooltip saying which role is needed can be reached by keyboard).
 */
export function WriteButton(props: ButtonProps) {
  const { canWrite, reason } = useWriteAccess();
  if (canWrite) return <Button {...props} />;
  return (
    <Tooltip content={reason} relationship="description">
      <Button {...props} onClick={undefined} disabledFocusable />
    </Tooltip>
  );
}
