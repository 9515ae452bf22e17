import { makeStyles } from '@fluentui/react-components';

export const useClustersPanelStyles = makeStyles({
  // Fluent's table lays columns out fixed and equal: the icon-only column is narrowed to its button
  // so the text columns get the room (a long policy revision is clipped in its own cell).
  actions: { width: '48px' },
});
