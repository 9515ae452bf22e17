import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Skeleton,
  SkeletonItem,
  Subtitle2,
  Text,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { ErrorState } from '@/components/error-state';
import { isApiError } from '@/lib/api-client';
import { admissionQueryOptions } from '@/api/admissions';
import { DecisionBadge } from './decision-badge';
import { useEventDrawerStyles } from './event-drawer.styles';
import { ImageTraceView } from './evaluation-trace';

/** The details drawer of one admission (`/admissions/:eventId`): facts and the full evaluation trace. */
export function EventDrawer({
  eventId,
  onClose,
}: {
  eventId: string | undefined;
  onClose: () => void;
}) {
  const styles = useEventDrawerStyles();
  // Always mounted (closed without an id) so the drawer animates in and out like Fluent expects.
  const event = useQuery({
    ...admissionQueryOptions(eventId ?? ''),
    enabled: eventId !== undefined,
  });
  const e = event.data;

  const facts: [string, string][] = e
    ? [
        ['Admissions', e.count.toLocaleString()],
        ['First seen', new Date(e.time).toLocaleString()],
        ['Last seen', new Date(e.lastSeenAt ?? e.time).toLocaleString()],
        ['Cluster', e.clusterName],
        ['Namespace', e.namespace],
        ['Resource', `${e.kind}/${e.name}`],
        ['Owner', e.owner ? `${e.owner.kind}/${e.owner.name}` : '—'],
        ['Operation', `${e.operation}${e.dryRun ? ' (dry run)' : ''}`],
        ['User', e.user],
        [
          'Deciding rule',
          e.decidingRule ? `${e.decidingRule.name} (${e.decidingRule.action})` : '—',
        ],
        ['Triggered rules', e.triggeredRules.map((r) => r.name).join(', ') || '—'],
        [
          'Exemptions applied',
          e.exemptionsApplied.map((x) => `${x.type} ${x.value}`).join(', ') || '—',
        ],
        ['Evaluation latency', `${e.latencyMs} ms`],
        ['Policy revision', e.trace.policyRevision],
      ]
    : [];

  return (
    <OverlayDrawer
      open={eventId !== undefined}
      modalType="non-modal"
      position="end"
      size="large"
      onOpenChange={(_ev, data) => !data.open && onClose()}
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          action={
            <Button
              appearance="subtle"
              aria-label="Close details"
              icon={<DismissRegular />}
              onClick={onClose}
            />
          }
        >
          {e ? `${e.kind}/${e.name}` : 'Admission details'}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        {eventId && event.isPending && (
          <Skeleton aria-label="Loading the admission">
            <SkeletonItem size={24} />
            <SkeletonItem size={96} />
          </Skeleton>
        )}
        {event.isError && (
          <ErrorState
            title={
              isApiError(event.error, 404)
                ? 'This admission event does not exist'
                : 'Could not load the admission'
            }
            error={event.error}
            onRetry={isApiError(event.error, 404) ? undefined : () => void event.refetch()}
          />
        )}
        {e && (
          <>
            {e.foldedFrom && (
              <MessageBar intent="info">
                <MessageBarBody>
                  The admission {e.foldedFrom} repeated this decision and is counted here: this
                  event folds {e.count.toLocaleString()} admissions of the same workload, images and
                  decision.
                </MessageBarBody>
              </MessageBar>
            )}
            <section className={styles.section} aria-label="Decision">
              <div>
                <DecisionBadge decision={e.decision} />
              </div>
              <Text>{e.reason}</Text>
              {e.trace.notes.map((n) => (
                <Text key={n} size={200}>
                  {n}
                </Text>
              ))}
            </section>
            <section className={styles.section} aria-label="Facts">
              <dl className={styles.facts}>
                {facts.map(([term, detail]) => (
                  <Fragment key={term}>
                    <dt className={styles.term}>{term}</dt>
                    <dd className={styles.detail}>{detail}</dd>
                  </Fragment>
                ))}
              </dl>
            </section>
            <section className={styles.section} aria-label="Evaluation trace">
              <Subtitle2 as="h3">Evaluation trace</Subtitle2>
              {e.trace.images.map((image) => (
                <ImageTraceView key={`${image.container}-${image.reference}`} image={image} />
              ))}
            </section>
          </>
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}
