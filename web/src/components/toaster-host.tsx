import {
  Toast,
  ToastBody,
  Toaster,
  ToastTitle,
  useId,
  useToastController,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import { subscribeNotices } from '@/lib/notify';

/** Mounts the app's one Fluent Toaster and shows every notice published through lib/notify. */
export function ToasterHost() {
  const toasterId = useId('app-toaster');
  const { dispatchToast } = useToastController(toasterId);
  useEffect(
    () =>
      subscribeNotices((notice) => {
        dispatchToast(
          <Toast>
            <ToastTitle>{notice.title}</ToastTitle>
            {notice.body && <ToastBody>{notice.body}</ToastBody>}
          </Toast>,
          { intent: notice.intent, timeout: notice.intent === 'error' ? 8000 : 4000 },
        );
      }),
    [dispatchToast],
  );
  return <Toaster toasterId={toasterId} position="top-end" pauseOnHover pauseOnWindowBlur />;
}
