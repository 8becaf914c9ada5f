import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listenerConfigFromEnv } from '../../api/server/listener-config.ts';
import { makeSelfSigned } from '../support/tls.ts';

describe('the listener’s connection caps and timeouts', () => {
  it('defaults to 4096 connections, 256 per address, 10 s for the headers, 30 s for a request, 5 s idle', () => {
    expect(listenerConfigFromEnv({}, 20_000)).toMatchObject({
      maxConnections: 4096,
      maxConnectionsPerAddress: 256,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      tls: null,
    });
  });

  it('keeps the default under the open-file limit (ulimit -n), with room for the database and files', () => {
    expect(listenerConfigFromEnv({}, 1024).maxConnections).toBe(960);
    expect(listenerConfigFromEnv({}, null).maxConnections).toBe(4096);
  });

  it('refuses MAX_CONNECTIONS the file limit cannot hold, and a per-address cap above the overall one', () => {
    expect(() => listenerConfigFromEnv({ MAX_CONNECTIONS: '5000' }, 1024)).toThrow(
      /^MAX_CONNECTIONS is 5000, but the process may open only 1024 files \(ulimit -n\).*at most 960/,
    );
    expect(() => listenerConfigFromEnv({ MAX_CONNECTIONS: '10', MAX_CONNECTIONS_PER_ADDRESS: '20' }, 1024)).toThrow(
      /^MAX_CONNECTIONS_PER_ADDRESS \(20\) must not exceed MAX_CONNECTIONS \(10\)/,
    );
    expect(() => listenerConfigFromEnv({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' }, 1024)).toThrow(
      /HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS/,
    );
    expect(() => listenerConfigFromEnv({ MAX_CONNECTIONS_PER_ADDRESS: '0' }, 1024)).toThrow(
      /MAX_CONNECTIONS_PER_ADDRESS must be at least 1/,
    );
  });
});

describe('TLS_CERT and TLS_KEY', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-tls-config-'));
  const file = (name: string) => path.join(dir, name);
  const mine = makeSelfSigned(dir);
  const other = makeSelfSigned(dir, 'other');
  const names: Record<string, string> = {
    'cert.pem': mine.cert,
    'key.pem': mine.key,
    'other-key.pem': other.key,
    'missing.pem': file('missing.pem'),
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads both PEM files', () => {
    const tls = listenerConfigFromEnv({ TLS_CERT: mine.cert, TLS_KEY: mine.key }, 1024).tls;
    expect(tls?.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(tls?.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it.each([
    ['only TLS_CERT', { TLS_CERT: 'cert.pem' }, /^TLS_KEY is not set: TLS_CERT .* given both or neither/],
    ['only TLS_KEY', { TLS_KEY: 'key.pem' }, /^TLS_CERT is not set: TLS_CERT .* given both or neither/],
    [
      'a key that cannot be read',
      { TLS_CERT: 'cert.pem', TLS_KEY: 'missing.pem' },
      /^TLS_KEY names .*missing\.pem, which cannot be read/,
    ],
    [
      'a key of another certificate',
      { TLS_CERT: 'cert.pem', TLS_KEY: 'other-key.pem' },
      /^TLS_CERT and TLS_KEY cannot be used together/,
    ],
    [
      'a key where the certificate goes',
      { TLS_CERT: 'key.pem', TLS_KEY: 'key.pem' },
      /^TLS_CERT and TLS_KEY cannot be used together/,
    ],
  ])('stops the start with %s, with a sentence naming the variable', (_, given, message) => {
    const env = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, names[v]]));
    expect(() => listenerConfigFromEnv(env, 1024)).toThrow(message);
  });
});
