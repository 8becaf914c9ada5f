import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../api/notify/webhook/address-policy.ts';
import { checkWebhookTarget, type Resolver } from '../../api/notify/webhook/target.ts';

/** shared/docs/bad-inputs.md item 7, every URL listed there. */
const BAD_INPUTS_7 = [
  'file:///etc/passwd',
  'http://127.0.0.1',
  'http://[::1]',
  'http://169.254.169.254/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://2130706433/',
  'http://0x7f.1/',
];

/** A resolver that must not be asked: every URL above names its address (or has no host). */
const noDns: Resolver = (host) => Promise.reject(new Error(`unexpected lookup of ${host}`));
const answering =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('webhook targets', () => {
  it.each(BAD_INPUTS_7)('%s is refused', async (url) => {
    const check = await checkWebhookTarget(url, { allowPrivate: false, resolve: noDns });
    expect(check.ok).toBe(false);
  });

  it('a public address is accepted, and the address checked is the one handed on', async () => {
    const check = await checkWebhookTarget('https://hooks.example.com/in', {
      allowPrivate: false,
      resolve: answering('93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'),
    });
    expect(check).toMatchObject({ ok: true, target: { addresses: [{ address: '93.184.215.14' }, { family: 6 }] } });
  });

  it('a name with one private address among public ones is refused (the connection could land on it)', async () => {
    const check = await checkWebhookTarget('https://mixed.example.com/', {
      allowPrivate: false,
      resolve: answering('93.184.215.14', '10.0.0.5'),
    });
    expect(check).toEqual({ ok: false, reason: 'private-address' });
  });

  it('localhost, resolved by the system resolver, is refused', async () => {
    expect(await checkWebhookTarget('http://localhost:8080/hook', { allowPrivate: false })).toEqual({
      ok: false,
      reason: 'private-address',
    });
  });

  it('allowing private targets lets loopback through, but never another scheme or credentials in the URL', async () => {
    expect((await checkWebhookTarget('http://127.0.0.1:9/x', { allowPrivate: true, resolve: noDns })).ok).toBe(true);
    expect(await checkWebhookTarget('file:///etc/passwd', { allowPrivate: true })).toEqual({
      ok: false,
      reason: 'scheme',
    });
    expect(await checkWebhookTarget('ftp://example.com/', { allowPrivate: true })).toEqual({
      ok: false,
      reason: 'scheme',
    });
    expect(await checkWebhookTarget('https://user:pw@example.com/', { allowPrivate: true })).toEqual({
      ok: false,
      reason: 'credentials',
    });
    expect(await checkWebhookTarget('not a url', { allowPrivate: true })).toEqual({ ok: false, reason: 'invalid-url' });
  });

  it('a name that does not resolve is refused as unresolvable', async () => {
    const check = await checkWebhookTarget('https://nowhere.invalid/', {
      allowPrivate: false,
      resolve: () => Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })),
    });
    expect(check).toEqual({ ok: false, reason: 'unresolvable' });
  });
});

describe('which addresses are public', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '127.0.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '192.0.2.1',
    '::',
    '::1',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '::127.0.0.1',
    '::a00:1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
  ])('%s is not', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.215.14', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('%s is', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});
