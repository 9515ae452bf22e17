import { makeStyles, tokens } from '@fluentui/react-components';

export const useRulesImportDialogStyles = makeStyles({
  surface: { maxWidth: '960px', width: '90vw' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fileRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  // Driven by its button; hidden but still labelled for assistive tech and file choosers.
  fileInput: { display: 'none' },
  document: { fontFamily: tokens.fontFamilyMonospace, minHeight: '160px' },
  tableWrap: { maxHeight: '320px', overflowY: 'auto' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  code: { fontFamily: tokens.fontFamilyMonospace },
});
