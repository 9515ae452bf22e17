/**
 * The portal's mock API (web/src/testing/msw) against the real BFF's OpenAPI document: every
 * handler must stand for a route the BFF has, and every answer it gives (to an anonymous caller,
 * a reader, an admin, a malformed body, an id that does not exist) must be one that route
 * declares, with the declared content type and a JSON body of the declared shape; error answers
 * must be the shared problem+json. A handler that drifts (a renamed route, a 400 with a result body
 * instead of a problem, a field the API does not send) fails here.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '@gated/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningProcess } from '../support/child-process.js';
import { freePort } from '../support/free-port.js';
import { REPO_ROOT, startBff } from '../support/services.js';
import { type Components, type JsonSchema, shapeErrors } from './json-shape.js';

/** The part of an msw handler this test drives (`RequestHandler.run` in msw 2). */
interface ContractHandler {
  info: { method: unknown; path: unknown };
  run(args: { request: Request; requestId: string }): Promise<{ response?: Response } | null>;
}
interface MockModule {
  handlers: ContractHandler[];
  resetMockDb(): void;
  signInAs(role: 'SecurityAdmin' | 'SecurityReader' | null): { csrfToken: string } | null;
}
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
  security?: unknown[];
}
type OpenApi = { paths: Record<string, Record<string, Operation>>; components?: Components };

const ORIGIN = 'http://127.0.0.1';
const API = '/api/v1';

let bff: RunningProcess;
let doc: OpenApi;
let mock: MockModule;

beforeAll(async () => {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'gated-contract-'));
  bff = await startBff({ port, dataDir: dir, logFile: path.join(dir, 'bff.log'), env: {} });
  doc = (await (await fetch(`http://127.0.0.1:${port}${API}/openapi.json`)).json()) as OpenApi;
  // msw resolves relative handler paths against the page's location.
  Object.defineProperty(globalThis, 'location', {
    value: new URL(`${ORIGIN}/`),
    configurable: true,
  });
  const file = path.join(REPO_ROOT, 'web', 'src', 'testing', 'msw', 'handlers.ts');
  mock = (await import(pathToFileURL(file).href)) as MockModule;
});

afterAll(async () => {
  await bff?.stop();
});

/** `/rules/:id/:toggle` → `/rules/{*}/{*}`: the handler's params match any segment. */
function handlerPattern(handlerPath: string): RegExp {
  const relative = handlerPath.replace(API, '');
  const source = relative
    .split('/')
    .map((seg) =>
      seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The OpenAPI paths a handler stands for, with the document's params as `{…}` segments. */
function documentedPaths(handlerPath: string, method: string): string[] {
  const pattern = handlerPattern(handlerPath);
  return Object.keys(doc.paths).filter((p) => pattern.test(p) && doc.paths[p]?.[method]);
}

function handlersUnderTest(): { method: string; path: string }[] {
  return mock.handlers.map((h) => ({
    method: String(h.info.method).toLowerCase(),
    path: String(h.info.path),
  }));
}

/** Sends `request` through the handlers the way msw does: the first that answers wins. */
async function answer(request: Request): Promise<Response | undefined> {
  for (const handler of mock.handlers) {
    const result = await handler.run({ request: request.clone(), requestId: 'contract' });
    if (result?.response) return result.response;
  }
  return undefined;
}

/** An id the mock knows for the collection above a `{param}` segment (its list's first item). */
async function knownId(collection: string): Promise<string> {
  const res = await answer(new Request(`${ORIGIN}${API}${collection}`));
  if (!res?.ok) return 'unknown';
  const body = (await res.json()) as { items?: { id?: string }[] } | { id?: string }[];
  const items = Array.isArray(body) ? body : (body.items ?? []);
  return items[0]?.id ?? 'unknown';
}

async function concreteUrls(documented: string): Promise<string[]> {
  const segments = documented.split('/');
  const known: string[] = [];
  const missing: string[] = [];
  for (const [i, seg] of segments.entries()) {
    if (!seg.startsWith('{')) {
      known.push(seg);
      missing.push(seg);
      continue;
    }
    known.push(await knownId(segments.slice(0, i).join('/')));
    missing.push('00000000-0000-4000-8000-000000000000');
  }
  return [...new Set([known.join('/'), missing.join('/')])];
}

interface Call {
  who: 'anonymous' | 'SecurityReader' | 'SecurityAdmin';
  body?: string;
}
const WRITE = new Set(['post', 'put', 'patch', 'delete']);
function callsFor(method: string): Call[] {
  const calls: Call[] = [{ who: 'anonymous' }, { who: 'SecurityReader' }, { who: 'SecurityAdmin' }];
  if (method === 'post' || method === 'put' || method === 'patch')
    calls.push({ who: 'SecurityAdmin', body: '{}' }, { who: 'SecurityAdmin', body: 'not json' });
  return calls;
}

function contentFamily(type: string | null): string {
  return (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

describe('the portal’s mock API matches the BFF’s OpenAPI document', () => {
  it('every handler stands for a documented route', () => {
    const undocumented = handlersUnderTest().filter(
      (h) => documentedPaths(h.path, h.method).length === 0,
    );
    expect(undocumented).toEqual([]);
    expect(handlersUnderTest().length).toBeGreaterThan(10);
  });

  it('every answer a handler gives is declared for its route, errors as problem+json', async () => {
    const drift: string[] = [];
    let answers = 0;
    for (const h of handlersUnderTest()) {
      for (const documented of documentedPaths(h.path, h.method)) {
        const operation = doc.paths[documented]?.[h.method];
        if (!operation) continue;
        for (const url of await concreteUrls(documented)) {
          for (const call of callsFor(h.method)) {
            mock.resetMockDb();
            const session = mock.signInAs(call.who === 'anonymous' ? null : call.who);
            const headers: Record<string, string> = {};
            if (session && WRITE.has(h.method)) headers['X-CSRF-Token'] = session.csrfToken;
            if (call.body !== undefined) headers['Content-Type'] = 'application/json';
            const res = await answer(
              new Request(`${ORIGIN}${API}${url}`, {
                method: h.method.toUpperCase(),
                headers,
                ...(call.body !== undefined ? { body: call.body } : {}),
              }),
            );
            const label = `${h.method.toUpperCase()} ${url} as ${call.who}${call.body ? ` with ${call.body}` : ''}`;
            if (!res) {
              drift.push(`${label}: no handler answered`);
              continue;
            }
            answers++;
            const declared = operation.responses[String(res.status)] ?? operation.responses.default;
            if (!declared) {
              drift.push(`${label}: ${res.status} is not declared for ${documented}`);
              continue;
            }
            const type = contentFamily(res.headers.get('content-type'));
            const declaredTypes = Object.keys(declared.content ?? {}).map(contentFamily);
            if (declaredTypes.length > 0 && !declaredTypes.includes(type))
              drift.push(`${label}: answered ${type}, declared ${declaredTypes.join(' or ')}`);
            const text = await res.text();
            if (res.status >= 400) {
              if (type !== PROBLEM_CONTENT_TYPE)
                drift.push(`${label}: an error that is not problem+json`);
              else if (!ProblemSchema.safeParse(JSON.parse(text)).success)
                drift.push(`${label}: a problem body the shared schema refuses: ${text}`);
            }
            const schema = Object.entries(declared.content ?? {}).find(
              ([declaredType]) => contentFamily(declaredType) === type,
            )?.[1].schema;
            if (schema && type.endsWith('json') && text !== '')
              for (const error of shapeErrors(JSON.parse(text), schema, doc.components ?? {}))
                drift.push(`${label}: ${error}`);
          }
        }
      }
    }
    expect(drift).toEqual([]);
    expect(answers).toBeGreaterThan(50);
  });
});
