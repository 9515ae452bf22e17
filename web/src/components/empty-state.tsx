import { Subtitle2, Text } from '@fluentui/react-components';
import { DocumentSearchRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useStatePanelStyles } from './state-panel.styles';

export interface EmptyStateProps {
  title: string;
  /** What to do next. */
  children?: ReactNode;
  /** A call to action (e.g. a WriteButton). @default undefined */
  action?: ReactNode;
  /** @default a document-search icon */
  icon?: ReactNode;
}

/** "Nothing here yet" with the next step to take. */
export function EmptyState({ title, children, action, icon }: EmptyStateProps) {
  const styles = useStatePanelStyles();
  return (
    <div className={styles.root} role="status">
      <span className={styles.icon} aria-hidden>
        {icon ?? <DocumentSearchRegular />}
      </span>
      <Subtitle2 as="h2">{title}</Subtitle2>
      {children && <Text className={styles.body}>{children}</Text>}
      {action}
    </div>
  );
}
