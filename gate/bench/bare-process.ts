/**
 * Child process of bench.ts: a bare node:https server that parses the same AdmissionReview and
 * allows. Its server settings are the gate's (startHttpsServer: keep-alive, no Nagle) and its
 * answer is byte for byte the gate's allow (content-length, no chunking), so the ratio measures
 * what the gate adds, not a difference in framing.
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { AdmissionReviewRequestSchema } from '@gated/shared';
import { selfSignedKeyPair } from '../src/tls/certificates.js';

const pair = await selfSignedKeyPair();
const server = createServer({ cert: pair.cert, key: pair.key }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    // Same decoding work as the gate's transport layer before its hand-written check: JSON + the
    // shared zod schema (the gate's own check is cheaper; the baseline stays the issue's).
    const review = AdmissionReviewRequestSchema.parse(
      JSON.parse(Buffer.concat(chunks).toString('utf8')),
    );
    const text = JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: review.request.uid, allowed: true },
    });
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  });
});
server.keepAliveTimeout = 30_000;
server.headersTimeout = 10_000;
server.requestTimeout = 30_000;
server.on('secureConnection', (socket: TLSSocket) => socket.setNoDelay(true));
server.listen(0, '127.0.0.1', () =>
  process.send?.({ port: (server.address() as AddressInfo).port }),
);
process.on('message', (m) => {
  // CPU time used so far: the bench divides it by requests served (contention-independent cost).
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (m === 'stop') server.close(() => process.exit(0));
});
