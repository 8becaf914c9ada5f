import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ms, parseEnvVariables } from './limits-config.ts';

/**
 * How the HTTP listener protects itself (listener.ts): connection caps, the time a client gets to
 * send its request, and TLS. Plain data: the serving thread is started with it.
 */
export interface ListenerConfig {
  /** MAX_CONNECTIONS: sockets open at once; past it a new one is closed unanswered. */
  maxConnections: number;
  /** MAX_CONNECTIONS_PER_ADDRESS: the same from one address (an IPv6 client: its /64); trusted proxies are exempt. */
  maxConnectionsPerAddress: number;
  /** HEADERS_TIMEOUT_MS: from the connection (or the previous answer) to the request's last header line. */
  headersTimeoutMs: number;
  /** REQUEST_TIMEOUT_MS: to the request's last byte, body included. */
  requestTimeoutMs: number;
  /** KEEP_ALIVE_TIMEOUT_MS: how long a connection may sit idle between requests. */
  keepAliveTimeoutMs: number;
  /** TLS_CERT and TLS_KEY, read (PEM): the listener speaks HTTPS only, TLS 1.2 at least. Null: plain HTTP. */
  tls: { cert: string; key: string } | null;
  /** TRUSTED_PROXIES as given (client-address.ts parses it): their connections are not capped per address. */
  trustedProxies: string | undefined;
}

/** Kept free below the open-file limit for everything but client sockets: the database, the store's files, logs. */
const RESERVED_FILES = 64;
const DEFAULT_MAX_CONNECTIONS = 4096;
const DEFAULT_MAX_PER_ADDRESS = 256;

/**
 * The process's soft limit on open files (`ulimit -n`), from /proc/self/limits; null where that
 * cannot be read (not Linux). Node has no getrlimit.
 */
export function openFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : null;
  } catch {
    return null;
  }
}

const count = (max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .optional();

const schema = z.object({
  MAX_CONNECTIONS: count(1_000_000),
  MAX_CONNECTIONS_PER_ADDRESS: count(1_000_000),
  HEADERS_TIMEOUT_MS: ms(10_000, 600_000),
  REQUEST_TIMEOUT_MS: ms(30_000, 3_600_000),
  KEEP_ALIVE_TIMEOUT_MS: ms(5_000, 600_000),
  TLS_CERT: z.string().optional(),
  TLS_KEY: z.string().optional(),
});

/** Reads a PEM file named by `variable`, or says which variable names what cannot be read. */
function readPem(variable: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${variable} names ${file}, which cannot be read: ${(err as Error).message}`);
  }
}

/** Validates the listener's variables; unset or empty ones keep the defaults; a bad one is named in the error. */
export function listenerConfigFromEnv(env: NodeJS.ProcessEnv, fileLimit = openFileLimit()): ListenerConfig {
  const e = parseEnvVariables(schema, env);
  const ceiling = fileLimit === null ? null : fileLimit - RESERVED_FILES;
  if (ceiling !== null && e.MAX_CONNECTIONS !== undefined && e.MAX_CONNECTIONS > ceiling)
    throw new Error(
      `MAX_CONNECTIONS is ${e.MAX_CONNECTIONS}, but the process may open only ${fileLimit} files (ulimit -n), and ${RESERVED_FILES} of them are kept for the database and the published files: set it to at most ${ceiling}, or raise the limit.`,
    );
  const maxConnections =
    e.MAX_CONNECTIONS ?? Math.max(1, Math.min(DEFAULT_MAX_CONNECTIONS, ceiling ?? DEFAULT_MAX_CONNECTIONS));
  const maxConnectionsPerAddress = e.MAX_CONNECTIONS_PER_ADDRESS ?? Math.min(DEFAULT_MAX_PER_ADDRESS, maxConnections);
  if (maxConnectionsPerAddress > maxConnections)
    throw new Error(
      `MAX_CONNECTIONS_PER_ADDRESS (${maxConnectionsPerAddress}) must not exceed MAX_CONNECTIONS (${maxConnections}).`,
    );
  // Node refuses a headers timeout longer than the whole request's.
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS)
    throw new Error('Invalid configuration: HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS');
  if (Boolean(e.TLS_CERT) !== Boolean(e.TLS_KEY))
    throw new Error(
      `${e.TLS_CERT ? 'TLS_KEY' : 'TLS_CERT'} is not set: TLS_CERT (the certificate chain) and TLS_KEY (its private key) are PEM file paths, given both or neither.`,
    );
  const tls =
    e.TLS_CERT && e.TLS_KEY ? { cert: readPem('TLS_CERT', e.TLS_CERT), key: readPem('TLS_KEY', e.TLS_KEY) } : null;
  if (tls)
    try {
      // What the listener will do with them, now: a key that is not the certificate's stops the start here.
      // node:tls loaded only here, with TLS asked for (start-up memory, see listener.ts).
      process.getBuiltinModule('node:tls').createSecureContext(tls);
    } catch (err) {
      throw new Error(
        `TLS_CERT and TLS_KEY cannot be used together (${(err as Error).message}): TLS_CERT must be the PEM certificate chain and TLS_KEY its unencrypted PEM private key.`,
      );
    }
  return {
    maxConnections,
    maxConnectionsPerAddress,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
    tls,
    trustedProxies: env.TRUSTED_PROXIES,
  };
}
