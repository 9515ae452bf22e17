import { mergeClasses } from '@fluentui/react-components';
import type { Cloud } from '@gated/shared';
import { useCloudIconStyles } from './cloud-icon.styles';

const LOOK: Record<Cloud, { initials: string; label: string }> = {
  Azure: { initials: 'Az', label: 'Azure subscription' },
  AWS: { initials: 'AWS', label: 'AWS account' },
  GCP: { initials: 'GCP', label: 'GCP project' },
};

/** The cloud of an environment as a small tinted tile (Azure blue, AWS orange, GCP green). */
export function CloudIcon({
  cloud,
  size = 32,
}: {
  cloud: Cloud;
  /** @default 32 */ size?: 24 | 32 | 40;
}) {
  const styles = useCloudIconStyles();
  const look = LOOK[cloud];
  return (
    <span
      role="img"
      aria-label={look.label}
      className={mergeClasses(styles.root, styles[`s${size}`], styles[cloud])}
    >
      <span aria-hidden>{look.initials}</span>
    </span>
  );
}
