import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import { isPublicAddress } from './address-policy.ts';

/** A target that may be connected to: the URL and every address its host resolved to, all checked. */
export interface CheckedTarget {
  url: URL;
  addresses: LookupAddress[];
}

export type TargetCheck = { ok: true; target: CheckedTarget } | { ok: false; reason: TargetRefusal };

/**
 * Why a URL is not sent to. `private-address`: the host is, or resolves to, an address that is
 * not public (shared/docs/bad-inputs.md item 7); one such address among several is enough, since
 * the connection could land on any of them.
 */
export type TargetRefusal = 'invalid-url' | 'scheme' | 'credentials' | 'unresolvable' | 'private-address';

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const lookupAll = promisify(dnsLookup);

/** The system resolver (getaddrinfo, so /etc/hosts and `localhost` count), every address. */
export const systemResolver: Resolver = (hostname) => lookupAll(hostname, { all: true, verbatim: true });

/**
 * Checks a webhook URL before each delivery (DNS answers change: a registration-time check alone
 * would let a name turn private later). The WHATWG parser already turns the odd IPv4 spellings
 * (`2130706433`, `0x7f.1`, `127.1`) into dotted quads, so they are judged as the address they are.
 */
export async function checkWebhookTarget(
  raw: string,
  { allowPrivate, resolve = systemResolver }: { allowPrivate: boolean; resolve?: Resolver },
): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'invalid-url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'scheme' };
  // Credentials in the URL would be sent in the clear to any proxy and logged with the URL.
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: LookupAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return { ok: false, reason: 'unresolvable' };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: 'unresolvable' };
  if (!allowPrivate && !addresses.every((a) => isPublicAddress(a.address)))
    return { ok: false, reason: 'private-address' };
  return { ok: true, target: { url, addresses } };
}
