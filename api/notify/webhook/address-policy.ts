import ipaddr from 'ipaddr.js';

/**
 * Whether a webhook may connect to this address when private targets are not allowed. Only
 * ipaddr.js's `unicast` range passes: everything it names (loopback, private, link-local,
 * unique-local, unspecified, multicast, broadcast, carrier-grade NAT, reserved, documentation,
 * and the IPv6 forms that embed an IPv4 address: 6to4, NAT64, Teredo) is refused. An
 * IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-compatible (`::a.b.c.d`) address is judged as the IPv4
 * address it carries, since that is where the kernel would connect.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return isPublicAddress(v6.toIPv4Address().toString());
    if (isIpv4Compatible(v6)) return isPublicAddress(ipv4Tail(v6));
  }
  return parsed.range() === 'unicast';
}

/** `::a.b.c.d` (RFC 4291 §2.5.5.1, deprecated): the first 96 bits are zero. */
function isIpv4Compatible(v6: ipaddr.IPv6): boolean {
  return v6.parts.slice(0, 6).every((p) => p === 0);
}

function ipv4Tail(v6: ipaddr.IPv6): string {
  const [hi, lo] = [v6.parts[6]!, v6.parts[7]!];
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}
