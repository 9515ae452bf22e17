// Threat catalogues (docs/decisions/080): the CISA KEV and FIRST EPSS files the knownExploited and
// epssAtLeast conditions read, with their publisher date and entry count; admins import new ones.
import {
  MessageBar,
  MessageBarBody,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { ArrowUploadRegular } from '@fluentui/react-icons';
import type { CatalogueKind, CatalogueSummary } from '@gated/shared';
import { useRef, useState } from 'react';
import { catalogueOf, useCatalogues, useImportCatalogue } from '@/api/catalogues';
import { WriteButton } from '@/components/write-button';
import { useCataloguesPanelStyles } from './catalogues-panel.styles';

const KINDS: { kind: CatalogueKind; name: string; file: string; accept: string }[] = [
  {
    kind: 'kev',
    name: 'CISA Known Exploited Vulnerabilities',
    file: 'known_exploited_vulnerabilities.json',
    accept: '.json,application/json',
  },
  {
    kind: 'epss',
    name: 'FIRST EPSS scores',
    file: 'epss_scores-YYYY-MM-DD.csv (gunzipped)',
    accept: '.csv,text/csv',
  },
];

const day = (iso: string) => iso.slice(0, 10);

function ImportButton({
  kind,
  name,
  accept,
}: {
  kind: CatalogueKind;
  name: string;
  accept: string;
}) {
  const styles = useCataloguesPanelStyles();
  const input = useRef<HTMLInputElement>(null);
  const importing = useImportCatalogue();
  const [done, setDone] = useState<CatalogueSummary | null>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        aria-label={`${name} file`}
        className={styles.fileInput}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          setDone(null);
          void file
            .text()
            .then((text) =>
              importing.mutate({ kind, text }, { onSuccess: (summary) => setDone(summary) }),
            );
        }}
      />
      <WriteButton
        icon={<ArrowUploadRegular />}
        disabled={importing.isPending}
        onClick={() => input.current?.click()}
      >
        {importing.isPending ? 'Importing…' : `Import ${kind === 'kev' ? 'KEV' : 'EPSS'}`}
      </WriteButton>
      {done && (
        <Text role="status">
          Imported {done.entries} entries of {day(done.publishedAt)}.
        </Text>
      )}
    </>
  );
}

export function CataloguesPanel() {
  const styles = useCataloguesPanelStyles();
  const catalogues = useCatalogues();
  return (
    <section className={styles.panel} aria-labelledby="catalogues-title">
      <Subtitle1 as="h2" id="catalogues-title">
        Threat catalogues
      </Subtitle1>
      <Text>
        Rules with “known exploited” or “EPSS at least” read these files. Import them as CISA and
        FIRST publish them; gates receive them with their next policy.
      </Text>
      {catalogues.isError && (
        <MessageBar intent="error">
          <MessageBarBody>The catalogues could not be loaded. Reload the page.</MessageBarBody>
        </MessageBar>
      )}
      <Table aria-label="Threat catalogues" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Catalogue</TableHeaderCell>
            <TableHeaderCell>Version</TableHeaderCell>
            <TableHeaderCell>Published</TableHeaderCell>
            <TableHeaderCell>Entries</TableHeaderCell>
            <TableHeaderCell>Imported</TableHeaderCell>
            <TableHeaderCell>Import</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {KINDS.map(({ kind, name, file, accept }) => {
            const c = catalogueOf(catalogues.data, kind);
            return (
              <TableRow key={kind}>
                <TableCell>
                  {name}
                  <br />
                  <Text size={200}>{file}</Text>
                </TableCell>
                <TableCell>{c?.version ?? 'Not imported'}</TableCell>
                <TableCell>{c ? day(c.publishedAt) : '—'}</TableCell>
                <TableCell>{c ? c.entries.toLocaleString('en-US') : '—'}</TableCell>
                <TableCell>{c ? `${day(c.importedAt)} by ${c.importedBy}` : '—'}</TableCell>
                <TableCell>
                  <ImportButton kind={kind} name={name} accept={accept} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </section>
  );
}
