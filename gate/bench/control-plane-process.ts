/** Child process of bench.ts: the fake control plane (policy of 1,000 rules, event ingest), off the load generator's thread. */
import { FakeControlPlane } from '../src/testing/fake-control-plane.js';
import { benchPolicy } from './workload.js';

const cp = await new FakeControlPlane().start();
cp.setPolicy(benchPolicy());
process.send?.({ port: cp.port, url: cp.url, token: cp.token });
process.on('message', (m) => {
  if (m === 'events') process.send?.({ events: cp.events.size });
  if (m === 'stop') void cp.stop().then(() => process.exit(0));
});
