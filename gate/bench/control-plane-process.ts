/** Child process of bench.ts: the fake control plane (policy of 1,000 rules, event ingest), off the load generator's thread. */
import { FakeControlPlane } from '../src/testing/fake-control-plane.js';
import { benchPolicy } from './workload.js';

const cp = new FakeControlPlane();
// Counted, not kept: a growing heap here made collections that took CPU from the measured servers.
cp.retainEvents = false;
await cp.start();
cp.setPolicy(benchPolicy());
process.send?.({ port: cp.port, url: cp.url, token: cp.token });
process.on('message', (m) => {
  if (m === 'events') process.send?.({ events: cp.eventIds.size });
  if (m === 'stop') void cp.stop().then(() => process.exit(0));
});
