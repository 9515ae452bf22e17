import { makeStyles, tokens } from '@fluentui/react-components';

export const useClustersPanelStyles = makeStyles({
  // Fluent's table lays columns out fixed and equal: the icon-only column is narrowed to its button
  // so the text columns get the room.
  actions: { width: '48px' },
  // A revision is one long token (no spaces): clipped with an ellipsis inside its own cell (the
  // full value stays in the text and in the title) instead of running under the delete button.
  revision: {
    display: 'block',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    fontFamily: tokens.fontFamilyMonospace,
  },
});
