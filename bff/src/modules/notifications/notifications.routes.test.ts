/** Notification channels through the API on both stores: write-only secrets, roles, problem+json. */
import type { Environment, NotificationChannel, Problem } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { awsEnvironment } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();
const SECRET = 'never-shown-again-0123456789';
const SLACK_TOKEN_PATH = '/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';

describe.each(kinds)('notification channels on %s', (kind) => {
  const s = useSuite(kind, { GATED_NOTIFY_ALLOWED_HOSTS: 'hooks.internal.test:8080' });

  async function environment(): Promise<Environment> {
    return s.admin.json<Environment>('POST', '/environments', awsEnvironment('notify'), 201);
  }

  it('stores secrets write-only: no answer, list or audit entry ever carries them', async () => {
    const env = await environment();
    const base = `/environments/${env.id}/notifications`;
    const generic = await s.admin.json<NotificationChannel>(
      'POST',
      base,
      {
        name: 'SIEM',
        kind: 'generic',
        url: 'https://siem.example.com/hooks/gated',
        secret: SECRET,
        events: { deny: true, ruleChanged: true, exemptionExpiringDays: 7, gateSilentMinutes: 30 },
      },
      201,
    );
    expect(generic).toMatchObject({
      kind: 'generic',
      hasSecret: true,
      enabled: true,
      urlPreview: 'https://siem.example.com/hooks/gated',
    });
    const slack = await s.admin.json<NotificationChannel>(
      'POST',
      base,
      { name: 'Slack', kind: 'slack', url: `https://hooks.slack.com${SLACK_TOKEN_PATH}` },
      201,
    );
    expect(slack).toMatchObject({ hasSecret: false, urlPreview: 'https://hooks.slack.com/…' });
    expect(slack.events).toEqual({
      deny: true,
      ruleChanged: false,
      exemptionExpiringDays: null,
      gateSilentMinutes: null,
    });

    // Changing other fields without sending the secret or URL keeps both.
    const renamed = await s.admin.json<NotificationChannel>(
      'PUT',
      `${base}/${generic.id}`,
      { name: 'SIEM 2', kind: 'generic', enabled: false, events: generic.events },
      200,
    );
    expect(renamed).toMatchObject({ name: 'SIEM 2', enabled: false, hasSecret: true });
    expect(renamed.urlPreview).toBe(generic.urlPreview);

    const listed = await s.reader.req('GET', base);
    expect(listed.status).toBe(200);
    const audit = await s.admin.req('GET', '/audit-log?limit=50');
    for (const text of [await listed.text(), await audit.text(), JSON.stringify(generic)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SLACK_TOKEN_PATH);
    }

    expect((await s.admin.req('DELETE', `${base}/${slack.id}`)).status).toBe(204);
    const after = await s.admin.json<{ items: NotificationChannel[] }>('GET', base);
    expect(after.items.map((c) => c.name)).toEqual(['SIEM 2']);
  });

  it('a reader sees channels but changes nothing and reads no delivery log', async () => {
    const env = await environment();
    const base = `/environments/${env.id}/notifications`;
    const channel = await s.admin.json<NotificationChannel>(
      'POST',
      base,
      { name: 'Teams', kind: 'teams', url: 'https://contoso.webhook.office.com/workflows/abc' },
      201,
    );
    const attempts: [string, string, unknown][] = [
      ['POST', base, { name: 'x', kind: 'teams', url: 'https://t.example.com/x' }],
      ['PUT', `${base}/${channel.id}`, { ...channel, name: 'y' }],
      ['DELETE', `${base}/${channel.id}`, undefined],
      ['POST', `${base}/${channel.id}/test`, undefined],
      ['GET', `/environments/${env.id}/notification-deliveries`, undefined],
    ];
    for (const [method, path, body] of attempts) {
      const res = await s.reader.req(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const list = await s.reader.json<{ items: NotificationChannel[] }>('GET', base);
    expect(list.items).toHaveLength(1);
  });

  it('answers bad input with problem+json naming the field', async () => {
    const env = await environment();
    const base = `/environments/${env.id}/notifications`;
    const cases: [unknown, string][] = [
      [{ name: 'a', kind: 'generic', url: 'https://a.example.com/h' }, 'secret'],
      [{ name: 'a', kind: 'generic', url: 'https://a.example.com/h', secret: 'short' }, 'secret'],
      [{ name: 'a', kind: 'slack', url: 'ftp://a.example.com/h' }, 'url'],
      [{ name: 'a', kind: 'slack', url: 'http://a.example.com/h' }, 'url'],
      [{ name: 'a', kind: 'slack', url: 'https://user:pw@a.example.com/h' }, 'url'],
      [{ name: '', kind: 'slack', url: 'https://a.example.com/h' }, 'name'],
      [{ name: 'a', kind: 'pager', url: 'https://a.example.com/h' }, 'kind'],
      [
        {
          name: 'a',
          kind: 'slack',
          url: 'https://a.example.com/h',
          events: {
            deny: true,
            ruleChanged: false,
            exemptionExpiringDays: 0,
            gateSilentMinutes: null,
          },
        },
        'events.exemptionExpiringDays',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await s.admin.req('POST', base, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as Problem;
      expect(
        problem.errors?.map((e) => e.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    const unknownField = await s.admin.json<Problem>(
      'POST',
      base,
      { name: 'a', kind: 'slack', url: 'https://a.example.com/h', token: 'x' },
      400,
    );
    expect(unknownField.code).toBe('INVALID_INPUT');
    // A listed internal receiver may be plain HTTP.
    await s.admin.json(
      'POST',
      base,
      { name: 'a', kind: 'slack', url: 'http://hooks.internal.test:8080/h' },
      201,
    );
    const missing = await s.admin.json<Problem>(
      'POST',
      `/environments/00000000-0000-4000-8000-000000000000/notifications`,
      { name: 'a', kind: 'slack', url: 'https://a.example.com/h' },
      404,
    );
    expect(missing.code).toBe('NOT_FOUND');
    const noChannel = await s.admin.json<Problem>(
      'POST',
      `${base}/not-a-uuid/test`,
      undefined,
      404,
    );
    expect(noChannel.code).toBe('NOT_FOUND');
  });
});
