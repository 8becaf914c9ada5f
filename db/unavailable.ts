/**
 * Errors that say the database cannot be reached at all, as opposed to a query it refused: a write
 * may succeed if retried later, so the API answers 503 rather than 500. Drivers and Drizzle wrap
 * errors (`DrizzleQueryError` keeps the driver's as `cause`), so the whole cause chain is read.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
    if (UNAVAILABLE_MESSAGES.some((m) => e instanceof Error && m.test(e.message))) return true;
  }
  return false;
}

/** Node's socket errors, as node-postgres passes them on. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 53300 too_many_connections, 57P01–57P03
 * (the server shutting down, crashed, or not yet accepting connections).
 */
const UNAVAILABLE_SQLSTATES = /^(08...|53300|57P0[123])$/;

/**
 * Errors without a code: PGlite once closed, and node-postgres's own connection and pool errors
 * (a query that got no answer within query_timeout: the server accepted it and went silent).
 */
const UNAVAILABLE_MESSAGES = [
  /^PGlite is clos(ed|ing)$/,
  /^Connection terminated/,
  /^Query read timeout$/,
  /^timeout exceeded when trying to connect$/,
  /^Cannot use a pool after calling end on the pool$/,
  /^Client (has encountered a connection error|was closed) and is not queryable$/,
];
