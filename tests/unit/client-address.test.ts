import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  clientAddress,
  parseTrustedProxies,
  requestIsHttps,
  type TrustedProxies,
} from '../../api/http/client-address.ts';
import { loadConfig } from '../../api/server/config.ts';

/** What a route sees: the address and HTTPS-ness it would log, for a socket and headers given. */
async function seen(
  trusted: TrustedProxies | undefined,
  socket: { remoteAddress?: string; encrypted?: boolean } | null,
  headers: Record<string, string> = {},
) {
  const app = new Hono();
  app.get('/', (c) => c.json({ client: clientAddress(c, trusted), https: requestIsHttps(c, trusted) }));
  const res = await app.request('/', { headers }, socket ? { incoming: { socket } } : undefined);
  return (await res.json()) as { client: string | null; https: boolean };
}

describe('the client address with no trusted proxy (TRUSTED_PROXIES unset)', () => {
  it('is the socket’s, whatever X-Forwarded-For and X-Forwarded-Proto claim', async () => {
    const trusted = parseTrustedProxies(undefined);
    expect(
      await seen(
        trusted,
        { remoteAddress: '127.0.0.1' },
        { 'X-Forwarded-For': '1.2.3.4', 'X-Forwarded-Proto': 'https' },
      ),
    ).toEqual({ client: '127.0.0.1', https: false });
    expect(await seen(undefined, { remoteAddress: '203.0.113.9' }, { 'X-Forwarded-For': '1.2.3.4' })).toEqual({
      client: '203.0.113.9',
      https: false,
    });
  });

  it('reads an IPv4 peer of a dual-stack socket (::ffff:a.b.c.d) as the IPv4 address', async () => {
    expect((await seen(undefined, { remoteAddress: '::ffff:198.51.100.7' })).client).toBe('198.51.100.7');
  });

  it('is null without a socket, and HTTPS only over a TLS socket', async () => {
    expect(await seen(undefined, null)).toEqual({ client: null, https: false });
    expect(await seen(undefined, { remoteAddress: '198.51.100.7', encrypted: true })).toEqual({
      client: '198.51.100.7',
      https: true,
    });
  });
});

describe('the client address behind a trusted proxy', () => {
  const trusted = parseTrustedProxies('loopback, 10.0.0.0/8');

  it('is the right-most untrusted X-Forwarded-For entry: what a client wrote to its left is ignored', async () => {
    const headers = { 'X-Forwarded-For': '6.6.6.6, 198.51.100.7, 10.1.2.3' };
    expect((await seen(trusted, { remoteAddress: '127.0.0.1' }, headers)).client).toBe('198.51.100.7');
    // Repeated headers are one list.
    const app = new Hono();
    app.get('/', (c) => c.text(clientAddress(c, trusted) ?? ''));
    const h = new Headers([
      ['X-Forwarded-For', '6.6.6.6'],
      ['X-Forwarded-For', '198.51.100.8'],
    ]);
    expect(
      await (await app.request('/', { headers: h }, { incoming: { socket: { remoteAddress: '::1' } } })).text(),
    ).toBe('198.51.100.8');
  });

  it('reads ports and brackets some proxies add, and the left-most entry when all are trusted', async () => {
    const peer = { remoteAddress: '::ffff:10.0.0.5' };
    expect((await seen(trusted, peer, { 'X-Forwarded-For': '198.51.100.7:51234' })).client).toBe('198.51.100.7');
    expect((await seen(trusted, peer, { 'X-Forwarded-For': '[2001:db8::1]:443' })).client).toBe('2001:db8::1');
    expect((await seen(trusted, peer, { 'X-Forwarded-For': '10.9.9.9, 10.0.0.7' })).client).toBe('10.9.9.9');
  });

  it('stops at the last trusted hop when an entry is not an address, and is the proxy without the header', async () => {
    const peer = { remoteAddress: '10.0.0.5' };
    expect((await seen(trusted, peer, { 'X-Forwarded-For': 'evil<script>, 10.0.0.7' })).client).toBe('10.0.0.7');
    expect((await seen(trusted, peer)).client).toBe('10.0.0.5');
  });

  it('ignores the headers when the socket’s peer is not one of the proxies', async () => {
    expect(
      await seen(
        trusted,
        { remoteAddress: '203.0.113.9' },
        { 'X-Forwarded-For': '1.2.3.4', 'X-Forwarded-Proto': 'https' },
      ),
    ).toEqual({ client: '203.0.113.9', https: false });
  });

  it('believes the proxy’s X-Forwarded-Proto: https (its right-most value)', async () => {
    const peer = { remoteAddress: '127.0.0.1' };
    expect((await seen(trusted, peer, { 'X-Forwarded-Proto': 'https' })).https).toBe(true);
    expect((await seen(trusted, peer, { 'X-Forwarded-Proto': 'https, http' })).https).toBe(false);
    expect((await seen(trusted, peer, { 'X-Forwarded-Proto': 'http' })).https).toBe(false);
  });
});

describe('TRUSTED_PROXIES', () => {
  it('takes addresses, CIDR ranges (IPv4 and IPv6) and the word loopback', () => {
    const trusted = parseTrustedProxies(' 192.0.2.10 , 2001:db8::/32,LOOPBACK');
    expect(['192.0.2.10', '2001:db8:1::5', '127.0.0.2', '::1', '::ffff:192.0.2.10'].map(trusted.trusts)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['192.0.2.11', '2001:db9::1', '10.0.0.1', 'not-an-address'].map(trusted.trusts)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it.each([
    ['a host name', 'proxy.internal'],
    ['a range with a bad prefix', '10.0.0.0/33'],
    ['a typo', '10.0.0.256'],
  ])('stops the start-up on %s, with a sentence naming TRUSTED_PROXIES and the entry', (_, entry) => {
    expect(() => loadConfig({ TRUSTED_PROXIES: `loopback,${entry}` })).toThrow(
      new RegExp(`^TRUSTED_PROXIES has "${entry.replace(/[./]/g, '\\$&')}", which is not an IP address`),
    );
  });

  it('trusts no one when unset or blank', () => {
    expect(loadConfig({}).trustedProxies.trusts('127.0.0.1')).toBe(false);
    expect(loadConfig({ TRUSTED_PROXIES: ' ' }).trustedProxies.trusts('127.0.0.1')).toBe(false);
  });
});
