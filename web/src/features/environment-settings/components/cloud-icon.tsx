import { Avatar } from '@fluentui/react-components';
import type { Cloud } from '@gated/shared';

const LOOK: Record<Cloud, { initials: string; color: 'brand' | 'marigold' | 'forest'; label: string }> = {
  Azure: { initials: 'Az', color: 'brand', label: 'Azure subscription' },
  AWS: { initials: 'AWS', color: 'marigold', label: 'AWS account' },
  GCP: { initials: 'GCP', color: 'forest', label: 'GCP project' },
};

/** The cloud of an environment as a small coloured tile (Azure blue, AWS orange, GCP green). */
export function CloudIcon({ cloud, size = 32 }: { cloud: Cloud; /** @default 32 */ size?: 24 | 32 | 40 }) {
  const look = LOOK[cloud];
  return <Avatar shape="square" size={size} color={look.color} initials={look.initials} aria-label={look.label} role="img" />;
}
