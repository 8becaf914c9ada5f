import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './http.ts';

/**
 * A real TCP hop in front of PostgreSQL, on a port of its own, that a test opens and closes: closed,
 * nothing listens there (connections are refused) and every connection through it is cut, as when
 * the database's host goes away; opened again, it forwards as before.
 */
export async function tcpProxy(target: { host: string; port: number }) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  return {
    port,
    /** Starts forwarding (listens on `port`). */
    async open(): Promise<void> {
      if (server) return;
      const s = createServer((client) => {
        const upstream = createConnection(target);
        track(client);
        track(upstream);
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', resolve);
      });
      server = s;
    },
    /** Stops listening and cuts every connection through it. */
    async close(): Promise<void> {
      const s = server;
      server = null;
      // Not listening first: no connection may slip in while the others are being cut.
      const closed = s && new Promise<void>((resolve) => s.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
