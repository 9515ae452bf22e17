/** A loopback HTTP server for one test at a time: started by the test, closed after it. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export function useLocalHttpServer(): {
  /** Closes the running one, if any, then listens on a free port; answers the port. */
  start(handler: RequestListener): Promise<number>;
  stop(): Promise<void>;
} {
  let server: Server | null = null;
  const stop = async () => {
    const s = server;
    server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  };
  afterEach(stop);
  return {
    async start(handler) {
      await stop();
      const s = createServer(handler);
      server = s;
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
      return (s.address() as AddressInfo).port;
    },
    stop,
  };
}
