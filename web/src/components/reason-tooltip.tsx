import { Tooltip } from '@fluentui/react-components';
import { type ReactElement, useState } from 'react';

export interface ReasonTooltipProps {
  /** Why the wrapped control is unavailable. */
  reason: string;
  /** Only then does the tooltip show. */
  active: boolean;
  children: ReactElement;
}

/**
 * A tooltip that explains a disabled control, shown only while `active`. Always controlled, so
 * the control keeps its identity (and focus) when it becomes enabled.
 */
export function ReasonTooltip({ reason, active, children }: ReasonTooltipProps) {
  const [open, setOpen] = useState(false);
  return (
    <Tooltip
      content={reason}
      relationship="description"
      visible={active && open}
      onVisibleChange={(_e, data) => setOpen(data.visible)}
    >
      {children}
    </Tooltip>
  );
}
