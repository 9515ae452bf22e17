import { Caption1, Text } from '@fluentui/react-components';
import { useVexDocuments } from '@/api/vex';
import { useTrustedSignersStyles } from './trusted-signers.styles';

/** The VEX documents this environment's gates apply (its own and the global ones), with their statements. */
export function VexDocuments({ environmentId }: { environmentId: string }) {
  const styles = useTrustedSignersStyles();
  const docs = useVexDocuments(environmentId);
  const items = docs.data ?? [];
  return (
    <div className={styles.root}>
      <Caption1>
        `not_affected` and `fixed` statements suppress matching findings; the admission trace names
        the document and statement. Upload OpenVEX or CycloneDX VEX with `POST /api/v1/vex`.
      </Caption1>
      {docs.isPending ? (
        <Text>Loading VEX documents…</Text>
      ) : items.length === 0 ? (
        <Caption1>No VEX documents apply to this environment.</Caption1>
      ) : (
        <ul className={styles.list} aria-label="VEX documents">
          {items.map((d) => (
            <li key={d.id}>
              <Text weight="semibold">{d.name}</Text>{' '}
              <Caption1>
                {d.document.format} · {d.environmentId ? 'this environment' : 'all environments'} ·
                uploaded by {d.uploadedBy}
              </Caption1>
              <ul className={styles.statements} aria-label={`Statements of ${d.name}`}>
                {d.document.statements.slice(0, 50).map((s, i) => (
                  <li key={i}>
                    <Text>
                      #{s.statement ?? i + 1} {s.ids[0] ?? '?'}: {s.status}
                      {s.justification ? ` (${s.justification})` : ''}
                      {[...s.purls, ...s.packages].length
                        ? ` — ${[...s.purls, ...s.packages].slice(0, 3).join(', ')}`
                        : ''}
                    </Text>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
