/** Node entry: `manifests`/`kustomize` install commands, or parse env, start the BFF, listen, print where and how to sign in. */
import { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { DEPLOY_USAGE, runDeployCommand } from './deploy/deploy-cli.js';
import { envHelp, loadEnv } from './env.js';
import { startBff, type Bff } from './server.js';
import { DataDirLockedError } from './store/data-dir-lock.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(`${envHelp()}\n${DEPLOY_USAGE}`);
  process.exit(0);
}

try {
  if (await runDeployCommand(process.argv.slice(2))) process.exit(0);
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}

const env = loadEnv();
let bff: Bff;
try {
  bff = await startBff(env);
} catch (e) {
  if (!(e instanceof DataDirLockedError)) throw e;
  // Refuse to start: a second BFF on one embedded folder would silently lose writes.
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}
const server = serve({ fetch: bff.app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${info.port}`;
  const lines = [
    `Gated Deployment BFF listening on ${url} (store: ${bff.store.kind})`,
    `  portal: ${url}/   API reference: ${url}/api/v1/docs`,
  ];
  if (bff.seeded) {
    for (const u of [bff.seeded.admin, bff.seeded.reader]) {
      lines.push(
        `  sign in as ${u.username} / ${u.password}${u.generated ? '   (random, shown once: note it now)' : ''}`,
      );
    }
  } else {
    lines.push('  accounts: admin, reader (passwords set on first start)');
  }
  if (bff.demo)
    lines.push(`  demo cluster ${bff.demo.clusterName}: gate token in ${bff.demo.tokenFile}`);
  process.stdout.write(`${lines.join('\n')}\n`);
});
// Idle keep-alive sockets outlive the clients' and load balancers' own idle timeouts (undici 4 s,
// common ingress and cloud load balancers 60 s), so a client never reuses a socket this server has
// just closed ("other side closed" on a busy machine with Node's 5 s default).
if (server instanceof HttpServer) server.keepAliveTimeout = 65_000;

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  server.close();
  bff.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
