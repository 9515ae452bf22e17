/**
 * Test support: a TCP listener that only counts connections (a stand-in for PostgreSQL, a metadata
 * server or any internal port). A refused outbound request must leave its count at 0.
 */
import { createServer, type Socket } from 'node:net';

export interface ConnectionCounter {
  /** `127.0.0.1:<port>`. */
  host: string;
  port: number;
  connections(): number;
  stop(): Promise<void>;
}

export async function startConnectionCounter(): Promise<ConnectionCounter> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    host: `127.0.0.1:${port}`,
    port,
    connections: () => count,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
