import {
  Button,
  Toast,
  ToastBody,
  Toaster,
  ToastTitle,
  useId,
  useToastController,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import { subscribeNotices } from '@/lib/notify';

let sequence = 0;

/** Mounts the app's one Fluent Toaster and shows every notice published through lib/notify. */
export function ToasterHost() {
  const toasterId = useId('app-toaster');
  const { dispatchToast, dismissToast } = useToastController(toasterId);
  useEffect(
    () =>
      subscribeNotices((notice) => {
        const id = `notice-${++sequence}`;
        dispatchToast(
          <Toast>
            <ToastTitle
              action={
                notice.action && (
                  <Button
                    appearance="transparent"
                    size="small"
                    onClick={() => {
                      notice.action?.onClick();
                      dismissToast(id);
                    }}
                  >
                    {notice.action.label}
                  </Button>
                )
              }
            >
              {notice.title}
            </ToastTitle>
            {notice.body && <ToastBody>{notice.body}</ToastBody>}
          </Toast>,
          {
            toastId: id,
            intent: notice.intent,
            // An action needs time to be reached (by keyboard too); errors need time to be read.
            timeout: notice.action ? 10_000 : notice.intent === 'error' ? 8000 : 4000,
          },
        );
      }),
    [dispatchToast, dismissToast],
  );
  return <Toaster toasterId={toasterId} position="top-end" pauseOnHover pauseOnWindowBlur />;
}
