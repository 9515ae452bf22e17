/**
 * Answers decided in one event-loop turn are written together after it, then their events are
 * recorded; a failure in one never keeps the others from being written or recorded.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AnswerWrites } from './answer-writes.js';

/** The two calls the writer makes on a response, recorded in one shared log. */
function fakeResponse(name: string, log: string[], failing = false): ServerResponse {
  return {
    writeHead: (status: number, headers: Record<string, unknown>) => {
      if (failing) throw new Error(`${name} is gone`);
      log.push(`${name} head ${status} ${String(headers['content-length'])}`);
    },
    end: (text: string) => log.push(`${name} end ${text}`),
    destroy: () => log.push(`${name} destroyed`),
  } as unknown as ServerResponse;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('AnswerWrites', () => {
  it('writes the answers of one turn after it, all before any of their events', async () => {
    const log: string[] = [];
    const writes = new AnswerWrites(() => undefined);
    writes.queue(fakeResponse('a', log), '{"a":1}', 'uid-a', () => log.push('a event'));
    writes.queue(fakeResponse('b', log), '{"b":22}', 'uid-b', undefined);
    writes.queue(fakeResponse('c', log), '{"c":3}', 'uid-c', () => log.push('c event'));
    // Nothing is written while the turn that decided them still runs.
    expect(log).toEqual([]);
    await nextTurn();
    expect(log).toEqual([
      'a head 200 7',
      'a end {"a":1}',
      'b head 200 8',
      'b end {"b":22}',
      'c head 200 7',
      'c end {"c":3}',
      'a event',
      'c event',
    ]);
  });

  it('a later turn starts a new batch', async () => {
    const log: string[] = [];
    const writes = new AnswerWrites(() => undefined);
    writes.queue(fakeResponse('a', log), '{}', 'uid-a', undefined);
    await nextTurn();
    writes.queue(fakeResponse('b', log), '{}', 'uid-b', undefined);
    expect(log).toEqual(['a head 200 2', 'a end {}']);
    await nextTurn();
    expect(log).toEqual(['a head 200 2', 'a end {}', 'b head 200 2', 'b end {}']);
  });

  it('reports a failed write or event by uid, closes the failed answer, and goes on with the rest', async () => {
    const log: string[] = [];
    const failures: string[] = [];
    const writes = new AnswerWrites((e, uid, stage) =>
      failures.push(`${stage} ${uid}: ${e.message}`),
    );
    writes.queue(fakeResponse('a', log, true), '{}', 'uid-a', () => log.push('a event'));
    writes.queue(fakeResponse('b', log), '{}', 'uid-b', () => {
      throw new Error('queue refused');
    });
    writes.queue(fakeResponse('c', log), '{}', 'uid-c', () => log.push('c event'));
    await nextTurn();
    expect(log).toEqual([
      'a destroyed',
      'b head 200 2',
      'b end {}',
      'c head 200 2',
      'c end {}',
      'a event',
      'c event',
    ]);
    expect(failures).toEqual(['answer uid-a: a is gone', 'event uid-b: queue refused']);
  });
});
