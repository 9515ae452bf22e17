/** Child process of bench.ts: a bare node:https server that parses the same AdmissionReview and allows. */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AdmissionReviewRequestSchema } from '@gated/shared';
import { selfSignedKeyPair } from '../src/tls/certificates.js';

const pair = await selfSignedKeyPair();
const server = createServer({ cert: pair.cert, key: pair.key }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    // Same decoding work as the gate's transport layer: JSON + the shared zod schema.
    const review = AdmissionReviewRequestSchema.parse(
      JSON.parse(Buffer.concat(chunks).toString('utf8')),
    );
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: { uid: review.request.uid, allowed: true },
      }),
    );
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () =>
  process.send?.({ port: (server.address() as AddressInfo).port }),
);
process.on('message', (m) => {
  // CPU time used so far: the bench divides it by requests served (contention-independent cost).
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (m === 'stop') server.close(() => process.exit(0));
});
