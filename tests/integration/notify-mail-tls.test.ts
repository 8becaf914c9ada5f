import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { composeMail } from '../../api/notify/mail/compose.ts';
import { createMailTransport } from '../../api/notify/mail/transport.ts';
import { mailConfigFromEnv } from '../../api/server/mail-config.ts';
import { CONTACT, CONTEXT, event } from '../unit/notify-mail-fixtures.ts';

/**
 * A self-signed test certificate for localhost and 127.0.0.1, valid 2020–2120 (made once with
 * `openssl ca -selfsign`), so that no test depends on today's date. Its key protects nothing.
 */
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgi6Q/bW8/dR8zLIRv
WSQYnO+L5Zc3IAWQM+eT2M+yfuChRANCAARZWktZiwo8zTwzCJ3RdWfOFWkczLsJ
k9OSpAOi7is4+EbJtG+ZvwsVABvNEzm/9KSkNOtizWU6iJx3AbExwk2K
-----END PRIVATE KEY-----
`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBaTCCAQ6gAwIBAgICEAAwCgYIKoZIzj0EAwIwFDESMBAGA1UEAwwJbG9jYWxo
b3N0MCAXDTIwMDEwMTAwMDAwMFoYDzIxMjAwMTAxMDAwMDAwWjAUMRIwEAYDVQQD
DAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARZWktZiwo8zTwz
CJ3RdWfOFWkczLsJk9OSpAOi7is4+EbJtG+ZvwsVABvNEzm/9KSkNOtizWU6iJx3
AbExwk2Ko04wTDAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwDwYDVR0TAQH/
BAUwAwEB/zAdBgNVHQ4EFgQUjymRAcLpJD30Jjaaikz/1H0+v0MwCgYIKoZIzj0E
AwIDSQAwRgIhAMms+B2dWeW9G5+2dH1Nbcc/t7kbiwgKKFCOD9HXL1itAiEA4/tf
RmRR+qAVYdWukblxNmdFaNicR2fJsvBfkZussio=
-----END CERTIFICATE-----
`;

const received: string[] = [];
/** Implicit TLS from the first byte, as smtps:// promises (RFC 8314). */
const smtps = new SMTPServer({
  secure: true,
  key: KEY,
  cert: CERT,
  authOptional: true,
  logger: false,
  onData(stream, session, callback) {
    stream.resume();
    stream.on('end', () => {
      received.push(...session.envelope.rcptTo.map((r) => r.address));
      callback(null, `Queued over ${session.secure ? 'TLS' : 'plain text'}`);
    });
  },
});
// The client that refuses the certificate (below) hangs up mid-handshake, which the server reports
// as an 'error' event: unheard, it would be an uncaught exception in whichever test runs then.
const serverErrors: Error[] = [];
smtps.on('error', (err) => serverErrors.push(err));
let url = '';
const dir = mkdtempSync(path.join(tmpdir(), 'shirase-smtps-'));
const caFile = path.join(dir, 'ca.pem');
writeFileSync(caFile, CERT);

beforeAll(async () => {
  await new Promise<void>((resolve) => smtps.listen(0, '127.0.0.1', resolve));
  url = `smtps://127.0.0.1:${(smtps.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtps.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

test('smtps:// speaks TLS from the first byte, trusting the server certificate SMTP_CA_FILE names', async () => {
  const transport = createMailTransport(mailConfigFromEnv({ SMTP_URL: url, SMTP_CA_FILE: caFile }, 'memory'));
  try {
    const result = await transport.send(composeMail(event('incident.created'), CONTEXT, CONTACT));
    expect(result).toEqual({ outcome: 'delivered', detail: expect.stringContaining('250 Queued over TLS') });
    expect(received).toContain('admin@customer.example');
  } finally {
    transport.close();
  }
});

test('a server certificate nobody vouches for is refused, and counts as a temporary failure (a set-up fault, not the address’s)', async () => {
  const transport = createMailTransport(mailConfigFromEnv({ SMTP_URL: url, SMTP_TIMEOUT_MS: '5000' }, 'memory'));
  try {
    const result = await transport.send(composeMail(event('incident.created'), CONTEXT, CONTACT));
    expect(result).toEqual({ outcome: 'temporary', detail: expect.stringMatching(/self[- ]signed certificate/i) });
  } finally {
    transport.close();
  }
});

test('an SMTP_CA_FILE that holds no certificate is refused at start-up, naming the variable', () => {
  expect(() => mailConfigFromEnv({ SMTP_URL: url, SMTP_CA_FILE: path.join(dir, 'missing.pem') }, 'memory')).toThrow(
    /SMTP_CA_FILE cannot be read/,
  );
  writeFileSync(path.join(dir, 'junk.pem'), 'not a certificate');
  expect(() => mailConfigFromEnv({ SMTP_URL: url, SMTP_CA_FILE: path.join(dir, 'junk.pem') }, 'memory')).toThrow(
    /SMTP_CA_FILE holds no PEM certificate/,
  );
});
