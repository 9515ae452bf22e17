/**
 * The stack the browser tests run against, owned by the Playwright runner process:
 *   1. a fresh temp folder (data dirs, logs, the state file the workers read);
 *   2. the real BFF on a free port (serving the built portal), with known account passwords;
 *   3. an environment and a cluster registered through the API, whose gate token starts
 *   4. the real gate over HTTPS on another free port;
 *   5. a tiny control endpoint so a test can stop and restart the BFF on the same port and data.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Environment, RegisteredCluster } from '@gated/shared';
import { bffJson, signInForToken } from './bff-client.js';
import type { RunningProcess } from './child-process.js';
import { freePort } from './free-port.js';
import { startBff, startGate } from './services.js';
import { TEST_ACCOUNTS, writeStackState, type StackState } from './stack-state.js';

export interface Stack {
  state: StackState;
  stateFile: string;
  shutdown(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gated-e2e-'));
  const bffDataDir = path.join(dir, 'bff-data');
  const gateDataDir = path.join(dir, 'gate-data');
  mkdirSync(bffDataDir, { recursive: true });
  mkdirSync(gateDataDir, { recursive: true });
  const bffPort = await freePort();
  const bffUrl = `http://127.0.0.1:${bffPort}`;
  const bffLog = path.join(dir, 'bff.log');
  const notifyReceiverPort = await freePort();
  const bffEnv = {
    GATED_NOTIFY_ALLOWED_HOSTS: `127.0.0.1:${notifyReceiverPort}`,
    GATED_ADMIN_PASSWORD: TEST_ACCOUNTS.admin.password,
    GATED_READER_PASSWORD: TEST_ACCOUNTS.reader.password,
    // Optional: serve a portal build other than web/dist (e.g. a private copy while web/ is rebuilt).
    GATED_WEB_DIR: process.env.GATED_E2E_WEB_DIR,
  };
  const launchBff = () =>
    startBff({ port: bffPort, dataDir: bffDataDir, logFile: bffLog, env: bffEnv });

  let bff: RunningProcess | undefined = await launchBff();
  let gate: RunningProcess | undefined;
  let control: Server | undefined;
  const shutdown = async () => {
    await new Promise<void>((resolve) => (control ? control.close(() => resolve()) : resolve()));
    await gate?.stop();
    await bff?.stop();
    // The stores are ~40 MB each; the logs stay for post-mortems.
    rmSync(bffDataDir, { recursive: true, force: true });
    rmSync(gateDataDir, { recursive: true, force: true });
  };

  try {
    const adminApiToken = await signInForToken(
      bffUrl,
      TEST_ACCOUNTS.admin.username,
      TEST_ACCOUNTS.admin.password,
      'e2e-admin',
    );
    const readerApiToken = await signInForToken(
      bffUrl,
      TEST_ACCOUNTS.reader.username,
      TEST_ACCOUNTS.reader.password,
      'e2e-reader',
    );
    const environment = await bffJson<Environment>(
      bffUrl,
      adminApiToken,
      'POST',
      '/api/v1/environments',
      {
        cloud: 'AWS',
        accountId: '123456789012',
        name: 'Shop production (AWS)',
      },
    );
    const registered = await bffJson<RegisteredCluster>(
      bffUrl,
      adminApiToken,
      'POST',
      '/api/v1/clusters',
      {
        environmentId: environment.id,
        name: 'shop-eks-1',
        provider: 'EKS',
      },
    );

    const gatePort = await freePort();
    const gateLog = path.join(dir, 'gate.log');
    gate = await startGate({
      port: gatePort,
      dataDir: gateDataDir,
      controlPlaneUrl: bffUrl,
      clusterToken: registered.gateToken,
      logFile: gateLog,
    });

    control = createServer((req, res) => {
      const reply = (status: number, text = '') =>
        res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
      const act = async () => {
        if (req.method !== 'POST') return reply(405);
        if (req.url === '/bff/stop') {
          await bff?.stop();
          bff = undefined;
          return reply(204);
        }
        if (req.url === '/bff/start') {
          bff ??= await launchBff();
          return reply(204);
        }
        return reply(404);
      };
      act().catch((error: unknown) => reply(500, String(error)));
    });
    const controlPort = await freePort();
    await new Promise<void>((resolve) => control?.listen(controlPort, '127.0.0.1', resolve));

    const state: StackState = {
      dir,
      bff: { url: bffUrl, port: bffPort, dataDir: bffDataDir, logFile: bffLog },
      gate: {
        url: `https://127.0.0.1:${gatePort}`,
        port: gatePort,
        dataDir: gateDataDir,
        logFile: gateLog,
      },
      controlUrl: `http://127.0.0.1:${controlPort}`,
      adminApiToken,
      readerApiToken,
      environmentId: environment.id,
      environmentName: environment.name,
      clusterId: registered.cluster.id,
      clusterName: registered.cluster.name,
      notifyReceiverPort,
    };
    const stateFile = path.join(dir, 'stack.json');
    writeStackState(stateFile, state);
    return { state, stateFile, shutdown };
  } catch (error) {
    await shutdown();
    throw error;
  }
}
