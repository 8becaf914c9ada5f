import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import ipaddr from 'ipaddr.js';
import { parseTrustedProxies } from '../http/client-address.ts';
import type { ListenerConfig } from './listener-config.ts';
import { lazyLog } from './log-lazy.ts';

/** How often the sockets refused over a cap are summed up in the log, at most. */
const DROP_REPORT_MS = 60_000;

/**
 * Whose connections count together against MAX_CONNECTIONS_PER_ADDRESS: an IPv4 address, or an
 * IPv6 client's /64 (one subscriber line holds 2^64 addresses of it).
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${(parsed as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((p) => p.toString(16))
    .join(':')}::/64`;
}

/**
 * The public listener, for the serving thread (serve-thread-worker.ts) and for the main thread with
 * DATA_DIR=memory (main.ts), configured the same: HTTPS (TLS 1.2 at least) when TLS_CERT/TLS_KEY are
 * given; a socket past MAX_CONNECTIONS or its address's MAX_CONNECTIONS_PER_ADDRESS is closed at once,
 * unanswered, and counted in the log; a client gets HEADERS_TIMEOUT_MS to send its headers (the TLS
 * handshake included), REQUEST_TIMEOUT_MS for the whole request, and an idle connection is closed
 * after KEEP_ALIVE_TIMEOUT_MS. Measured before: ~20,000 idle sockets from one client exhausted the
 * process's files and every reader was refused. All of it is per connection: nothing runs per request.
 */
export function createListener(
  config: ListenerConfig,
  handler: RequestListener,
  log: (line: string) => void = lazyLog('warn'),
): Server {
  const options = {
    // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3): it
    // arrives as an ended stream, without the readable stream's end and close events queued for
    // each one (about 3 of the 25-28 µs of CPU a hot file's answer took). Bodies stream as before.
    optimizeEmptyRequests: true,
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // Node looks for expired headers and requests this often (30 s by default): a slow client lasts
    // its timeout plus up to this.
    connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(config.headersTimeoutMs / 4))),
  };
  // node:https (and TLS with it) only when asked for: loading it costs a thread ~0.8 MiB of heap and ~7 MiB of RSS.
  const server: Server = config.tls
    ? (process.getBuiltinModule('node:https').createServer(
        {
          ...options,
          cert: config.tls.cert,
          key: config.tls.key,
          minVersion: 'TLSv1.2',
          // The handshake comes before any header: it gets no longer than they do (120 s by default).
          handshakeTimeout: config.headersTimeoutMs,
        },
        handler,
      ) as unknown as Server)
    : createHttpServer(options, handler);
  server.maxConnections = config.maxConnections;

  let dropped = { overall: 0, perAddress: 0 };
  let reportTimer: NodeJS.Timeout | null = null;
  const report = () => {
    reportTimer = null;
    const { overall, perAddress } = dropped;
    if (overall + perAddress === 0) return;
    dropped = { overall: 0, perAddress: 0 };
    log(
      `connections refused: ${overall} over MAX_CONNECTIONS (${config.maxConnections}), ${perAddress} over MAX_CONNECTIONS_PER_ADDRESS (${config.maxConnectionsPerAddress}) in the last minute or less`,
    );
    reportTimer = setTimeout(report, DROP_REPORT_MS).unref();
  };
  const counted = (kind: 'overall' | 'perAddress') => {
    // The first refusal is said at once, the rest summed up a minute at a time.
    const first = reportTimer === null;
    dropped[kind]++;
    if (first) report();
  };
  server.on('drop', () => counted('overall'));
  server.once('close', () => {
    if (reportTimer) clearTimeout(reportTimer);
  });

  const trusted = parseTrustedProxies(config.trustedProxies);
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (!address || trusted.trusts(address)) return;
    const key = addressKey(address);
    const n = (open.get(key) ?? 0) + 1;
    if (n > config.maxConnectionsPerAddress) {
      counted('perAddress');
      socket.destroy();
      return;
    }
    open.set(key, n);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left <= 0) open.delete(key);
      else open.set(key, left);
    });
  });
  return server;
}
