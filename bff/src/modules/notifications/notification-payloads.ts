/**
 * The three wire shapes a delivery can take, rendered at send time from the outbox row (so a count
 * folded in after enqueueing is in the message): signed generic JSON, a Slack incoming-webhook
 * message and a Microsoft Teams Adaptive Card message (Workflows "post to a channel" webhooks).
 */
import type { NotificationEventType, NotificationKind, NotificationPayload } from '@gated/shared';

export interface RenderInput {
  deliveryId: string;
  event: NotificationEventType;
  environment: { id: string; name: string };
  summary: string;
  count: number;
  occurredAt: Date;
  details: Record<string, unknown>;
  link: string | null;
}

const TITLES: Record<NotificationEventType, string> = {
  deny: 'Deployment denied',
  'rule.changed': 'Security rule changed',
  'exemption.expiring': 'Exemption expiring',
  'gate.silent': 'Gate not seen',
  test: 'Test notification',
};

/** The summary with the fold count, as every shape shows it. */
export function headline(input: RenderInput): string {
  return input.count > 1 ? `${input.summary} (${input.count} times)` : input.summary;
}

export function genericPayload(input: RenderInput): NotificationPayload {
  return {
    id: input.deliveryId,
    event: input.event,
    environment: input.environment,
    summary: headline(input),
    count: input.count,
    occurredAt: input.occurredAt.toISOString(),
    details: input.details,
    link: input.link,
  };
}

/** Slack mrkdwn treats these three as control characters (api.slack.com "Escaping text"). */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackPayload(input: RenderInput): Record<string, unknown> {
  const title = `${TITLES[input.event]} in ${input.environment.name}`;
  const text = `*${slackEscape(title)}*\n${slackEscape(headline(input))}`;
  const blocks: Record<string, unknown>[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (input.link)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${input.link}|Open in Gated Deployment>` }],
    });
  return { text: `${title}: ${headline(input)}`, blocks };
}

function teamsPayload(input: RenderInput): Record<string, unknown> {
  const facts = Object.entries(input.details)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .slice(0, 10)
    .map(([title, v]) => ({ title, value: String(v) }));
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              size: 'Medium',
              weight: 'Bolder',
              wrap: true,
              text: `${TITLES[input.event]} in ${input.environment.name}`,
            },
            { type: 'TextBlock', wrap: true, text: headline(input) },
            ...(facts.length ? [{ type: 'FactSet', facts }] : []),
          ],
          actions: input.link
            ? [{ type: 'Action.OpenUrl', title: 'Open in Gated Deployment', url: input.link }]
            : [],
        },
      },
    ],
  };
}

/** The JSON body for a channel kind. */
export function renderPayload(kind: NotificationKind, input: RenderInput): string {
  if (kind === 'slack') return JSON.stringify(slackPayload(input));
  if (kind === 'teams') return JSON.stringify(teamsPayload(input));
  return JSON.stringify(genericPayload(input));
}
