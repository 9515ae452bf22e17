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
import { useModalActivation } from './use-modal-activation';
import type { ReactNode } from 'react';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  /** @default 'Confirm' */
  confirmLabel?: string;
  /** Shows a spinner on the confirm button and blocks closing. @default false */
  busy?: boolean;
  /** Red-ish primary for destructive actions is not in Fluent; we keep primary and say it in words. @default false */
  destructive?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal "are you sure" dialog (alertdialog) with Cancel focused first for destructive actions. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel = 'Confirm',
  busy = false,
  destructive = false,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const surface = useModalActivation(open);
  return (
    <Dialog
      modalType="alert"
      open={open}
      onOpenChange={(_e, data) => !data.open && !busy && onCancel()}
    >
      <DialogSurface ref={surface}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>{children}</DialogContent>
          <DialogActions>
            <Button
              appearance="secondary"
              onClick={onCancel}
              disabled={busy}
              autoFocus={destructive}
            >
              Cancel
            </Button>
            <Button
              appearance="primary"
              onClick={onConfirm}
              disabled={busy}
              icon={busy ? <Spinner size="tiny" /> : undefined}
            >
              {confirmLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
