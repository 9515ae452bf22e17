import { mergeClasses, Subtitle2 } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { usePanelStyles } from './panel.styles';

export interface PanelProps {
  /** Heading (h3 by default). @default undefined */
  title?: ReactNode;
  /** @default 'h3' */
  headingLevel?: 'h1' | 'h2' | 'h3';
  /** Extra layout class. @default undefined */
  className?: string;
  children: ReactNode;
}

/**
 * A card-like surface (Fluent tokens: background, radius, shadow4). Lighter than Fluent's Card,
 * which is interactive-capable and costs ~10 KB gzip on the first screen.
 */
export function Panel({ title, headingLevel = 'h3', className, children }: PanelProps) {
  const styles = usePanelStyles();
  return (
    <section className={mergeClasses(styles.root, className)}>
      {title && <Subtitle2 as={headingLevel}>{title}</Subtitle2>}
      {children}
    </section>
  );
}
