import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { server } from '@/testing/msw/server';
import { ApiError, apiFetch, getEtagged, setCsrfToken } from './api-client';

describe('apiFetch', () => {
  it('prefixes /api/v1, sends JSON and the CSRF token on writes, parses with the schema', async () => {
    let seen: { url: string; csrf: string | null; type: string | null; body: unknown } | undefined;
    server.use(
      http.post('/api/v1/things', async ({ request }) => {
        seen = {
          url: new URL(request.url).pathname,
          csrf: request.headers.get('X-CSRF-Token'),
          type: request.headers.get('Content-Type'),
          body: await request.json(),
        };
        return HttpResponse.json({ id: 'a', extra: 1 }, { status: 201 });
      }),
    );
    setCsrfToken('tok-1');
    const result = await apiFetch('/things', {
      method: 'POST',
      body: { name: 'x' },
      schema: z.object({ id: z.string() }),
    });
    expect(result).toEqual({ id: 'a' });
    expect(seen).toEqual({
      url: '/api/v1/things',
      csrf: 'tok-1',
      type: 'application/json',
      body: { name: 'x' },
    });
  });

  it('does not send the CSRF token on reads and returns undefined for 204', async () => {
    let csrf: string | null = 'unset';
    server.use(
      http.get('/api/v1/empty', ({ request }) => {
        csrf = request.headers.get('X-CSRF-Token');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    setCsrfToken('tok-2');
    await expect(apiFetch('/empty')).resolves.toBeUndefined();
    expect(csrf).toBeNull();
  });

  it('turns problem+json into an ApiError with code and field errors', async () => {
    server.use(
      http.post('/api/v1/rules', () =>
        HttpResponse.json(
          {
            type: 't',
            title: 'Invalid',
            status: 400,
            detail: 'The request is not valid',
            code: 'INVALID_INPUT',
            errors: [{ path: 'name', message: 'Give the rule a name' }],
            requestId: 'r1',
          },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    const error = await apiFetch('/rules', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'INVALID_INPUT',
      message: 'The request is not valid',
      requestId: 'r1',
      errors: [{ path: 'name', message: 'Give the rule a name' }],
    });
  });

  it('falls back to a synthetic error that says what to do when the body is not a problem', async () => {
    server.use(
      http.get(
        '/api/v1/broken',
        () => new HttpResponse('<html>Bad gateway</html>', { status: 502 }),
      ),
    );
    const error = await apiFetch('/broken').catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 502,
      code: 'HTTP_502',
      message: expect.stringMatching(/try again/i) as string,
    });
  });

  it('rejects an answer that does not match the schema', async () => {
    server.use(http.get('/api/v1/odd', () => HttpResponse.json({ id: 42 })));
    await expect(apiFetch('/odd', { schema: z.object({ id: z.string() }) })).rejects.toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
    });
  });

  it('getEtagged returns the data with its ETag for If-Match flows', async () => {
    server.use(
      http.get('/api/v1/rules/r1', () =>
        HttpResponse.json({ id: 'r1' }, { headers: { ETag: '"3"' } }),
      ),
    );
    await expect(getEtagged('/rules/r1', z.object({ id: z.string() }))).resolves.toEqual({
      data: { id: 'r1' },
      etag: '"3"',
    });
  });
});
