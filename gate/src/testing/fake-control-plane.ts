/**
 * A real HTTP server on 127.0.0.1 speaking the BFF's /api/v1/gate/* protocol, for the gate's tests
 * and benchmark: policy with ETag + long-poll (304), batched findings, idempotent event ingest.
 * Tests can make it fail (`failEvents`, `failFindings`), slow (`findingsDelayMs`), refuse large
 * bodies (`eventBodyLimit`) or single events (`refuseEvent`), or stop it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  EVENT_BATCH_LIMIT_HEADER,
  type AdmissionEvent,
  type FindingsReport,
  type GateEventBatch,
  type GatePolicy,
} from '@gated/shared';

export class FakeControlPlane {
  readonly token = 'test-gate-token';
  policy: GatePolicy | null = null;
  reports = new Map<string, FindingsReport>();
  tags = new Map<string, string>();
  events = new Map<string, AdmissionEvent>();
  batches: GateEventBatch[] = [];
  /** Answer this many event POSTs with 503 before accepting. */
  failEvents = 0;
  /** Answer this many event POSTs with 400 (an invalid batch). */
  rejectEvents = 0;
  /** Event bodies larger than this get 413 (and the limit is advertised in a header). */
  eventBodyLimit: number | null = null;
  /** Batches this is true for are answered 400 whole (a control plane without partial acceptance). */
  rejectBatchWhen: (batch: GateEventBatch) => boolean = () => false;
  /** Events this returns a problem for are refused by name (partial acceptance). */
  refuseEvent: (e: AdmissionEvent) => string | null = () => null;
  /** Sizes (bytes) of every event body received, 413s included. */
  eventBodySizes: number[] = [];
  failFindings = false;
  findingsDelayMs = 0;
  findingsCalls = 0;
  policyCalls = 0;
  /**
   * False: ingest keeps only the ids it has seen (`eventIds`), not the events or batches. The
   * benchmark's control plane takes hundreds of 20 kB events a minute; kept, they grew its heap
   * and its collections competed for the two CPUs with the gate and the load generator.
   */
  retainEvents = true;
  eventIds = new Set<string>();
  /** Headers of the last policy request. */
  lastPolicyHeaders: Record<string, string | string[] | undefined> = {};
  /** Every If-None-Match the gate sent, in order. */
  seenEtags: string[] = [];
  private server: Server | null = null;
  private waiters: (() => void)[] = [];
  url = '';

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  async stop(): Promise<void> {
    for (const w of this.waiters.splice(0)) w();
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Publishes a new policy and wakes long-polls. */
  setPolicy(policy: GatePolicy): void {
    this.policy = policy;
    for (const w of this.waiters.splice(0)) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return send(res, 401, { title: 'Unauthorized' });
    if (req.method === 'GET' && url.pathname === '/api/v1/gate/policy')
      return this.policyRoute(req, res, url);
    const raw = await readText(req);
    const body = raw ? (JSON.parse(raw) as unknown) : undefined;
    if (req.method === 'POST' && url.pathname === '/api/v1/gate/findings') {
      this.findingsCalls++;
      if (this.findingsDelayMs > 0) await new Promise((r) => setTimeout(r, this.findingsDelayMs));
      if (this.failFindings) return send(res, 503, { title: 'Unavailable' });
      const { digests, references } = body as { digests: string[]; references: string[] };
      const tags: Record<string, string> = {};
      for (const r of references) {
        const d = this.tags.get(r);
        if (d) tags[r] = d;
      }
      const reports: Record<string, FindingsReport | null> = {};
      for (const d of new Set([...digests, ...Object.values(tags)]))
        reports[d] = this.reports.get(d) ?? null;
      return send(res, 200, { reports, tags });
    }
    if (req.method === 'POST' && url.pathname === '/api/v1/gate/events') {
      this.eventBodySizes.push(Buffer.byteLength(raw));
      if (this.eventBodyLimit !== null) {
        res.setHeader(EVENT_BATCH_LIMIT_HEADER, String(this.eventBodyLimit));
        if (Buffer.byteLength(raw) > this.eventBodyLimit)
          return send(res, 413, { title: 'Payload too large' });
      }
      if (this.failEvents > 0) {
        this.failEvents--;
        return send(res, 503, { title: 'Unavailable' });
      }
      if (this.rejectEvents > 0) {
        this.rejectEvents--;
        return send(res, 400, { title: 'Invalid batch' });
      }
      const batch = body as GateEventBatch;
      if (this.rejectBatchWhen(batch)) return send(res, 400, { title: 'Invalid batch' });
      if (this.retainEvents) this.batches.push(batch);
      let accepted = 0;
      let duplicates = 0;
      const refused: { index: number; id: string; problem: string; errors: [] }[] = [];
      for (const [index, e] of batch.events.entries()) {
        const problem = this.refuseEvent(e);
        if (problem) refused.push({ index, id: e.id, problem, errors: [] });
        else if (this.eventIds.has(e.id)) duplicates++;
        else {
          accepted++;
          this.eventIds.add(e.id);
          if (this.retainEvents) this.events.set(e.id, e);
        }
      }
      return send(res, 200, { accepted, duplicates, refused });
    }
    return send(res, 404, { title: 'Not found' });
  }

  private async policyRoute(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    this.policyCalls++;
    this.lastPolicyHeaders = req.headers;
    if (req.headers['if-none-match']) this.seenEtags.push(req.headers['if-none-match']);
    const wait = Number(url.searchParams.get('wait') ?? 0);
    const known = req.headers['if-none-match']?.replace(/"/g, '');
    if (!this.policy) return send(res, 503, { title: 'No policy' });
    if (known && known === this.policy.revision) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait * 1000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        req.once('close', () => clearTimeout(timer));
      });
      if (!this.server) return;
      if (!this.policy || known === this.policy.revision) {
        res.writeHead(304, { etag: `"${known}"` });
        res.end();
        return;
      }
    }
    res.setHeader('etag', `"${this.policy.revision}"`);
    send(res, 200, this.policy);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
