/** /environments/{id}/notifications: outbound webhooks (generic signed JSON, Slack, Teams) and their delivery log. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  NotAllowedError,
  NotificationChannelInputSchema,
  NotificationChannelListSchema,
  NotificationChannelSchema,
  NotificationChannelUpdateSchema,
  NotificationDeliveryListSchema,
  NotificationTestResultSchema,
} from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { IdParamsSchema } from '../../lib/id-params.js';
import {
  SECURITY_USER,
  commonProblems,
  jsonAnswer,
  jsonBody,
  notFoundProblem,
} from '../../lib/openapi.js';
import {
  addChannel,
  changeChannel,
  channelsOf,
  deliveriesOf,
  removeChannel,
  sendTest,
} from './notifications.service.js';

const tags = ['environments'];
const security = SECURITY_USER;
const ChannelParamsSchema = IdParamsSchema.extend({ channelId: z.string().min(1).max(100) });

const list = createRoute({
  method: 'get',
  path: '/environments/{id}/notifications',
  tags,
  security,
  summary: 'Notification channels of an environment (secrets are never returned)',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonAnswer(NotificationChannelListSchema, 'Channels'),
    ...commonProblems,
    ...notFoundProblem,
  },
});
const add = createRoute({
  method: 'post',
  path: '/environments/{id}/notifications',
  tags,
  security,
  summary: 'Add a webhook: generic (HMAC-signed JSON, needs `secret`), Slack or Teams',
  request: { params: IdParamsSchema, ...jsonBody(NotificationChannelInputSchema) },
  responses: {
    201: jsonAnswer(NotificationChannelSchema, 'Added'),
    ...commonProblems,
    ...notFoundProblem,
  },
});
const replace = createRoute({
  method: 'put',
  path: '/environments/{id}/notifications/{channelId}',
  tags,
  security,
  summary: 'Change a channel; leave `url` or `secret` out to keep the stored one',
  request: { params: ChannelParamsSchema, ...jsonBody(NotificationChannelUpdateSchema) },
  responses: {
    200: jsonAnswer(NotificationChannelSchema, 'Changed'),
    ...commonProblems,
    ...notFoundProblem,
  },
});
const remove = createRoute({
  method: 'delete',
  path: '/environments/{id}/notifications/{channelId}',
  tags,
  security,
  summary: 'Remove a channel (its pending deliveries go with it)',
  request: { params: ChannelParamsSchema },
  responses: { 204: { description: 'Removed' }, ...commonProblems, ...notFoundProblem },
});
const test = createRoute({
  method: 'post',
  path: '/environments/{id}/notifications/{channelId}/test',
  tags,
  security,
  summary: 'Queue a test message; watch its delivery in the log',
  request: { params: ChannelParamsSchema },
  responses: {
    202: jsonAnswer(NotificationTestResultSchema, 'Queued'),
    ...commonProblems,
    ...notFoundProblem,
  },
});
const deliveries = createRoute({
  method: 'get',
  path: '/environments/{id}/notification-deliveries',
  tags,
  security,
  summary: 'Delivery log (admins only): status, attempts, last error, newest first',
  request: {
    params: IdParamsSchema,
    query: z.object({
      channelId: z.string().min(1).max(100).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: jsonAnswer(NotificationDeliveryListSchema, 'Deliveries'),
    ...commonProblems,
    ...notFoundProblem,
  },
});

export const notificationsRoutes = createRouter()
  .openapi(list, async (c) => c.json(await channelsOf(c.get('deps'), c.req.valid('param').id), 200))
  .openapi(add, async (c) => {
    const input = c.req.valid('json');
    return c.json(
      await addChannel(c.get('deps'), c.get('user').username, c.req.valid('param').id, input),
      201,
    );
  })
  .openapi(replace, async (c) => {
    const { id, channelId } = c.req.valid('param');
    const input = c.req.valid('json');
    return c.json(
      await changeChannel(c.get('deps'), c.get('user').username, id, channelId, input),
      200,
    );
  })
  .openapi(remove, async (c) => {
    const { id, channelId } = c.req.valid('param');
    await removeChannel(c.get('deps'), c.get('user').username, id, channelId);
    return c.body(null, 204);
  })
  .openapi(test, async (c) => {
    const { id, channelId } = c.req.valid('param');
    return c.json(await sendTest(c.get('deps'), c.get('user').username, id, channelId), 202);
  })
  .openapi(deliveries, async (c) => {
    // The log names receivers and their errors: for the people who configure them.
    if (c.get('user').role !== 'SecurityAdmin')
      throw new NotAllowedError('Only security admins can read the delivery log');
    const { channelId, limit } = c.req.valid('query');
    return c.json(
      await deliveriesOf(c.get('deps'), c.req.valid('param').id, channelId, limit),
      200,
    );
  });
