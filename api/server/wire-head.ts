/**
 * A hot file's status line and headers, kept as the bytes Node wrote for it and handed back to Node
 * for the next answers of the same second, instead of `writeHead` building them again.
 *
 * Why: on `summary.json` without compression, Node's `writeHead` (each header name and value checked
 * by a regular expression, the header string concatenated, then flattened and copied into a write
 * buffer of its own because it is a string beside the body's Buffer) was ~2–5 µs of the ~25 µs of CPU
 * an answer costs, against nginx's ~17 µs for the same bytes. Handed a Buffer, the socket writes
 * header and body with one `writev` of two Buffers, nothing copied before the kernel's own copy.
 *
 * How: this reads and sets fields of Node's ServerResponse that are not public API (node:_http_outgoing
 * and node:_http_server of Node 24, which package.json installs as `node` ^24.21.0). It takes the
 * bytes only when `writeHead` left them where Node 24 keeps them, as a string with the Date of the
 * current second, so a Node that keeps them elsewhere makes it never reuse anything; and it reuses
 * them only for a response whose connection handling would add the same Connection and Keep-Alive
 * lines (a keep-alive connection of the same server, below its request limit, no Expect:
 * 100-continue). The bytes on the wire are those Node writes: tests/unit/wire-head.test.ts compares them.
 */
import { STATUS_CODES, type ServerResponse } from 'node:http';

/** The fields of Node 24's ServerResponse this file relies on (see above). */
interface NodeResponse extends ServerResponse {
  /** The status line and headers once `writeHead` has stored them; null before. Node writes it, string or Buffer, ahead of the body. */
  _header: string | Buffer | null;
  /** Whether `_header` has been handed to the socket. */
  _headerSent: boolean;
  _contentLength: number | null;
  /** The server's keepAliveTimeout and maxRequestsPerSocket: Node's Keep-Alive line is made of them. */
  _keepAliveTimeout: number;
  _maxRequestsPerSocket: number | undefined;
  /** Set when the server's request limit per connection is reached: Node then says Connection: close. */
  maxRequestsOnConnectionReached: boolean;
  _expect_continue?: boolean;
}

export interface WireHead {
  bytes: Buffer;
  status: number;
  /** The body's length (its Content-Length). */
  length: number;
  /** The second (ms since the epoch ÷ 1000) of the Date line in `bytes`. */
  second: number;
  keepAliveTimeout: number;
  maxRequests: number | undefined;
}

/** Whether Node would end this response's headers with Connection: keep-alive (and its Keep-Alive line). */
const keptAlive = (r: NodeResponse) =>
  r.shouldKeepAlive && !r.maxRequestsOnConnectionReached && !r._expect_continue && r.sendDate;

/** Last second's Date value, formatted once per second as Node's own Date header is. */
let dateSecond = -1;
let dateLine = '';

/**
 * Right after `res.writeHead(status, …)` for a body of `length` bytes: the bytes Node stored, or null
 * when they cannot serve again (another connection handling, or a Date not of `nowMs`'s second).
 */
export function keepWireHead(res: ServerResponse, status: number, length: number, nowMs: number): WireHead | null {
  const r = res as NodeResponse;
  const header = r._header;
  if (typeof header !== 'string' || !keptAlive(r)) return null;
  const second = Math.floor(nowMs / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateLine = `\r\nDate: ${new Date(second * 1000).toUTCString()}\r\n`;
  }
  // Node formats its Date once a second on a timer: just past a second it may still say the last one.
  if (!header.includes(dateLine)) return null;
  // Its own memory: a slice of Buffer's shared pool would keep the whole 8 KiB pool alive with it.
  const bytes = Buffer.allocUnsafeSlow(header.length);
  bytes.write(header, 0, 'latin1');
  return {
    bytes,
    status,
    length,
    second,
    keepAliveTimeout: r._keepAliveTimeout,
    maxRequests: r._maxRequestsPerSocket,
  };
}

/**
 * Gives `res` the stored status line and headers instead of `writeHead`, when they are what Node would
 * write for it now; `res.end(body)` then sends them. False (and `res` untouched) otherwise.
 */
export function reuseWireHead(
  res: ServerResponse,
  head: WireHead,
  status: number,
  length: number,
  nowMs: number,
): boolean {
  const r = res as NodeResponse;
  if (
    head.status !== status ||
    head.length !== length ||
    head.second !== Math.floor(nowMs / 1000) ||
    r._header !== null ||
    !keptAlive(r) ||
    r._keepAliveTimeout !== head.keepAliveTimeout ||
    r._maxRequestsPerSocket !== head.maxRequests
  )
    return false;
  // What writeHead would have set besides the header bytes.
  r.statusCode = status;
  r.statusMessage ||= STATUS_CODES[status] ?? 'unknown';
  r._contentLength = length;
  r._header = head.bytes;
  r._headerSent = false;
  return true;
}
