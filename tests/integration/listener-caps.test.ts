import { once } from 'node:events';
import { request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addressKey, createListener } from '../../api/server/listener.ts';
import type { ListenerConfig } from '../../api/server/listener-config.ts';
import { makeSelfSigned } from '../support/tls.ts';

const BASE: ListenerConfig = {
  maxConnections: 100,
  maxConnectionsPerAddress: 100,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  tls: null,
  trustedProxies: undefined,
};

let server: Server | null = null;
const clients: Socket[] = [];
const logged: string[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = null;
  logged.length = 0;
});

/** The production listener on loopback, answering every request with 200 "ok". */
async function listen(config: Partial<ListenerConfig>): Promise<number> {
  server = createListener(
    { ...BASE, ...config },
    (_, res) => res.end('ok'),
    (line) => logged.push(line),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

/** A connection from `from` (any 127.0.0.0/8 address is loopback on Linux) that sends nothing. */
async function idle(port: number, from: string): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1', localAddress: from });
  socket.on('error', () => {});
  clients.push(socket);
  await once(socket, 'connect');
  return socket;
}

/** Resolves with what the socket received before it was closed. */
function closed(socket: Socket): Promise<string> {
  let got = '';
  socket.on('data', (d) => (got += d));
  // Not events.once: it rejects on 'error', and a server that answers 408 and closes while the client is
  // still writing resets the connection (ECONNRESET) before the close; the close is what is awaited.
  return new Promise((resolve) => (socket.closed ? resolve(got) : socket.once('close', () => resolve(got))));
}

function get(port: number, from: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', localAddress: from, path: '/', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the listener’s connection caps', () => {
  it('closes, unanswered, a socket past MAX_CONNECTIONS_PER_ADDRESS, while another address is served', async () => {
    const port = await listen({ maxConnectionsPerAddress: 3 });
    for (let i = 0; i < 3; i++) await idle(port, '127.0.0.1');
    const fourth = await idle(port, '127.0.0.1');
    expect(await closed(fourth)).toBe('');
    expect(await get(port, '127.0.0.2')).toBe(200);
    expect(logged).toEqual([
      expect.stringMatching(/0 over MAX_CONNECTIONS \(100\), 1 over MAX_CONNECTIONS_PER_ADDRESS/),
    ]);
  });

  it('gives the address its place back when one of its sockets closes', async () => {
    const port = await listen({ maxConnectionsPerAddress: 1 });
    const first = await idle(port, '127.0.0.3');
    const gone = closed(first);
    first.destroy();
    await gone;
    // The server's side of the close may lag the client's: the second try is made once it has.
    while ((await count()) > 0) await new Promise((r) => setTimeout(r, 10));
    expect(await get(port, '127.0.0.3')).toBe(200);
  });

  it('closes a socket past MAX_CONNECTIONS, whoever it comes from', async () => {
    const port = await listen({ maxConnections: 3, maxConnectionsPerAddress: 3 });
    for (const from of ['127.0.0.1', '127.0.0.2', '127.0.0.3']) await idle(port, from);
    const dropped = once(server!, 'drop');
    const fourth = await idle(port, '127.0.0.4');
    await dropped;
    expect(await closed(fourth)).toBe('');
  });

  it('does not cap a trusted proxy’s connections per address (every client behind it shares its address)', async () => {
    const port = await listen({ maxConnectionsPerAddress: 1, trustedProxies: '127.0.0.5' });
    await idle(port, '127.0.0.5');
    expect(await get(port, '127.0.0.5')).toBe(200);
  });

  it('counts an IPv6 client’s /64 as one address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb::7'));
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });
});

/** The server's open connections. */
const count = () => new Promise<number>((resolve) => server!.getConnections((_, n) => resolve(n)));

describe('the listener’s timeouts', () => {
  it('disconnects a client that sends its headers slower than HEADERS_TIMEOUT_MS, and one that sends nothing', async () => {
    const port = await listen({ headersTimeoutMs: 300, requestTimeoutMs: 1000 });
    const slow = await idle(port, '127.0.0.1');
    slow.write('GET / HTTP/1.1\r\nHost: x\r\n');
    // A header line now and then, never the blank line that ends them.
    const drip = setInterval(() => slow.write('X-Drip: 1\r\n'), 50);
    const silent = await idle(port, '127.0.0.1');
    try {
      const [slowGot, silentGot] = await Promise.all([closed(slow), closed(silent)]);
      expect(slowGot).toMatch(/^HTTP\/1\.1 408 /);
      expect(silentGot).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
    }
  });

  it('disconnects a client that opens a TLS listener’s socket and never finishes its handshake', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shirase-listener-tls-'));
    try {
      const files = makeSelfSigned(dir);
      const tls = { cert: readFileSync(files.cert, 'utf8'), key: readFileSync(files.key, 'utf8') };
      const port = await listen({ headersTimeoutMs: 300, requestTimeoutMs: 1000, tls });
      const stalled = await idle(port, '127.0.0.1');
      // Half a ClientHello's record header: the server waits for the rest, which never comes.
      stalled.write(Buffer.from([0x16, 0x03, 0x01]));
      await closed(stalled);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
