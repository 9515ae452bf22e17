import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
} from '@fluentui/react-components';
import { useModalActivation } from '@/components/use-modal-activation';

export interface ConflictDialogProps {
  open: boolean;
  /** The server's explanation (who changed it). @default undefined */
  detail?: string;
  /** Shows progress while reloading or overwriting. @default false */
  busy?: boolean;
  onReload: () => void;
  onOverwrite: () => void;
  onCancel: () => void;
}

/** A save was refused with 412: someone saved a newer revision since this edit started. */
export function ConflictDialog({
  open,
  detail,
  busy = false,
  onReload,
  onOverwrite,
  onCancel,
}: ConflictDialogProps) {
  const surface = useModalActivation(open);
  return (
    <Dialog modalType="alert" open={open} onOpenChange={(_e, d) => !d.open && !busy && onCancel()}>
      <DialogSurface ref={surface}>
        <DialogBody>
          <DialogTitle>Changed by someone else</DialogTitle>
          <DialogContent>
            {detail ? `${detail}. ` : 'Someone saved this rule after you opened it. '}
            Reload to discard your changes and see theirs, or overwrite to re-apply the fields you
            changed on top of their latest version.
          </DialogContent>
          <DialogActions>
            <Button onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
            <Button onClick={onReload} disabled={busy}>
              Reload theirs
            </Button>
            <Button
              appearance="primary"
              onClick={onOverwrite}
              disabled={busy}
              icon={busy ? <Spinner size="tiny" /> : undefined}
            >
              Overwrite with my changes
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
