import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';

/**
 * TRUSTED_PROXIES, parsed: the addresses whose `X-Forwarded-For` and `X-Forwarded-Proto` are
 * believed. Anyone else can write those headers, so with none trusted they are ignored entirely.
 */
export interface TrustedProxies {
  /** Whether a peer at this address (as the socket or a forwarded entry gives it) is one of ours. */
  trusts(address: string): boolean;
}

/** Nothing is trusted: what an unset TRUSTED_PROXIES means. */
export const NO_TRUSTED_PROXIES: TrustedProxies = { trusts: () => false };

type Range = ipaddr.IPv4 | ipaddr.IPv6;

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, as a dual-stack socket reports IPv4 peers) as the IPv4 one. */
function parsed(address: string): Range | null {
  if (!ipaddr.isValid(address)) return null;
  try {
    return ipaddr.process(address);
  } catch {
    return null;
  }
}

/**
 * Reads TRUSTED_PROXIES: comma-separated IP addresses and CIDR ranges (`10.0.0.0/8`, `::1`), and
 * the keyword `loopback` (127.0.0.0/8 and ::1). Unset or blank trusts no one. A bad entry throws a
 * sentence naming the variable and the entry, for the start-up to stop on.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const entries = (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return NO_TRUSTED_PROXIES;
  const ranges: [Range, number][] = [];
  let loopback = false;
  for (const entry of entries) {
    if (entry.toLowerCase() === 'loopback') loopback = true;
    else if (entry.includes('/') && ipaddr.isValidCIDR(entry)) {
      const [range, bits] = ipaddr.parseCIDR(entry);
      // `::ffff:10.0.0.0/104` names IPv4 peers, which `parsed` turns into IPv4 addresses.
      if (range.kind() === 'ipv6' && (range as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
        ranges.push([(range as ipaddr.IPv6).toIPv4Address(), bits - 96]);
      else ranges.push([range, bits]);
    } else {
      const address = !entry.includes('/') && parsed(entry);
      if (!address)
        throw new Error(
          `TRUSTED_PROXIES has "${entry}", which is not an IP address, a CIDR range (such as 10.0.0.0/8) or the word loopback.`,
        );
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    }
  }
  return {
    trusts(address) {
      const a = parsed(address);
      if (!a) return false;
      if (loopback && a.range() === 'loopback') return true;
      return ranges.some(([range, bits]) => range.kind() === a.kind() && a.match(range, bits));
    },
  };
}

/** What @hono/node-server gives a route as `c.env` (and the serving thread's bridge, api/server/backend.ts). */
export type SocketBindings = { incoming?: { socket?: { remoteAddress?: string; encrypted?: boolean } } };

const socketOf = (c: Context) => (c.env as SocketBindings | undefined)?.incoming?.socket;

/** The socket's address, IPv4-mapped forms as IPv4; null without a socket (a test's `app.request()`). */
function peerOf(c: Context): string | null {
  const raw = socketOf(c)?.remoteAddress;
  if (!raw) return null;
  return parsed(raw)?.toString() ?? raw;
}

/** Whether the socket's peer is one of TRUSTED_PROXIES: only then are its own headers (X-Request-Id) believed. */
export function fromTrustedProxy(c: Context, trusted: TrustedProxies = NO_TRUSTED_PROXIES): boolean {
  const peer = peerOf(c);
  return peer !== null && trusted.trusts(peer);
}

/** `1.2.3.4:5678` and `[2001:db8::1]:80`, as some proxies write them, without the port. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4 ? v4[1]! : entry;
}

/**
 * The client's address for this request: the socket's, unless the socket's peer is a trusted proxy;
 * then the right-most entry of `X-Forwarded-For` that is not itself a trusted proxy (entries to the
 * left of it were written by whoever sent the request, and prove nothing). When every entry is
 * trusted, the left-most. An entry that is not an address stops the walk at the last trusted hop: a
 * proxy of ours wrote nonsense, and that proxy is what is known. Null only without a socket.
 */
export function clientAddress(c: Context, trusted: TrustedProxies = NO_TRUSTED_PROXIES): string | null {
  const peer = peerOf(c);
  if (!peer || !trusted.trusts(peer)) return peer;
  const forwarded = c.req.header('X-Forwarded-For');
  if (!forwarded) return peer;
  const hops = forwarded
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  let last = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const address = parsed(withoutPort(hops[i]!));
    if (!address) return last;
    last = address.toString();
    if (!trusted.trusts(last)) return last;
  }
  return last;
}

/**
 * Whether the client reached us over HTTPS: a TLS socket (TLS_CERT/TLS_KEY), or a trusted proxy's
 * `X-Forwarded-Proto: https` (its right-most value: the one the nearest proxy, ours, wrote).
 */
export function requestIsHttps(c: Context, trusted: TrustedProxies = NO_TRUSTED_PROXIES): boolean {
  if (socketOf(c)?.encrypted) return true;
  const peer = peerOf(c);
  if (!peer || !trusted.trusts(peer)) return false;
  const proto = c.req.header('X-Forwarded-Proto');
  return proto?.split(',').at(-1)?.trim().toLowerCase() === 'https';
}
