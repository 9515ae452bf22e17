#!/usr/bin/env node
/**
 * Entry point: composition only.
 * 1. Command line: `manifests` prints install YAML; `evaluate` decides manifests offline (its exit
 *    status is the result); `--help` lists every variable; default = serve.
 * 2. Serve: config → logger, metrics, policy store, findings cache (sources), event queue/reporter →
 *    TLS → HTTPS server → policy (file or control plane) → SIGTERM: stop taking requests, flush events.
 */
import { parseCommand, usage } from './cli.js';
import { runEvaluate } from './cli/evaluate/run-evaluate.js';
import { buildManifests, toYaml } from './deploy/manifests.js';
import { readEnv } from './env.js';
import { startGate } from './gate.js';

async function main(): Promise<void> {
  const command = parseCommand(process.argv.slice(2));
  if (command.command === 'help') {
    process.stdout.write(usage());
    return;
  }
  if (command.command === 'manifests') {
    process.stdout.write(toYaml(await buildManifests(command.options)));
    return;
  }
  if (command.command === 'evaluate') {
    process.exitCode = await runEvaluate(command.args, {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      clusterToken: () => readEnv().GATE_CLUSTER_TOKEN,
    });
    return;
  }
  const env = readEnv();
  const gate = await startGate(env, { policyFile: command.policyFile ?? env.GATE_POLICY_FILE });
  const shutdown = (signal: string) => {
    gate.logger.info({ signal }, 'shutting down: draining requests and flushing events');
    gate.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
