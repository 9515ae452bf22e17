import { makeStyles, tokens } from '@fluentui/react-components';

export const useCataloguesPanelStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginTop: tokens.spacingVerticalXXL,
  },
  // The file inputs are driven by their buttons; hidden but still labelled for assistive tech.
  fileInput: { display: 'none' },
});
