import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { describeMail } from '../../api/notify/mail/transport.ts';
import { mailConfigFromEnv } from '../../api/server/mail-config.ts';

const PEM = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('mail configuration', () => {
  test('with nothing set, messages go to DATA_DIR/outbox as .eml files from Shirase <status@localhost>, and the log line says so', () => {
    const config = mailConfigFromEnv({}, '/srv/shirase');
    expect(config.smtp).toBeNull();
    expect(config.from).toEqual({ name: 'Shirase', address: 'status@localhost' });
    expect(config.outboxDir).toBe('/srv/shirase/outbox');
    expect(describeMail(config)).toBe(
      'Mail: SMTP_URL is not set, so each message is written to /srv/shirase/outbox/ as an .eml file',
    );
  });

  test('smtp:// and smtps:// URLs give the host, the port (465 by default for implicit TLS) and the login', () => {
    expect(mailConfigFromEnv({ SMTP_URL: 'smtp://127.0.0.1:2525' }, 'data').smtp).toMatchObject({
      host: '127.0.0.1',
      port: 2525,
      secure: false,
      auth: null,
    });
    const tls = mailConfigFromEnv({ SMTP_URL: 'smtps://mailer:p%40ss@mail.example.jp' }, 'data');
    expect(tls.smtp).toMatchObject({
      host: 'mail.example.jp',
      port: 465,
      secure: true,
      auth: { user: 'mailer', pass: 'p@ss' },
    });
    expect(describeMail(tls)).toBe('Mail: sent through smtps://mailer@mail.example.jp:465 from status@localhost');
    expect(describeMail(tls)).not.toContain('p@ss');
  });

  test('sending through SMTP from the default localhost sender is warned about; writing .eml files from it is not', () => {
    expect(mailConfigFromEnv({ SMTP_URL: 'smtp://mail.example.jp' }, 'data').warnings).toEqual([
      expect.stringMatching(/^MAIL_FROM is status@localhost: .*set MAIL_FROM/),
    ]);
    expect(mailConfigFromEnv({}, 'data').warnings).toEqual([]);
    expect(
      mailConfigFromEnv({ SMTP_URL: 'smtp://mail.example.jp', MAIL_FROM: 'status@example.jp' }, 'data').warnings,
    ).toEqual([]);
  });

  test.each([
    ['SMTP_URL', 'not a url', /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/],
    [
      'SMTP_URL',
      'http://mail.example.jp',
      /SMTP_URL must start with smtp:\/\/ or smtps:\/\/ \(it starts with http:\/\/\)/,
    ],
    ['MAIL_FROM', 'not an address', /MAIL_FROM must be one address/],
    ['MAIL_FROM', 'a@example.jp, b@example.jp', /MAIL_FROM must be one address/],
    ['SMTP_TIMEOUT_MS', '5s', /SMTP_TIMEOUT_MS must be a whole number/],
  ])('a bad %s (%s) is refused with a message naming it', (name, value, message) => {
    expect(() => mailConfigFromEnv({ [name]: value }, 'data')).toThrow(message);
  });

  test('DKIM needs its domain, selector and one key, and names what is missing or wrong', () => {
    expect(() => mailConfigFromEnv({ DKIM_DOMAIN: 'example.jp', DKIM_PRIVATE_KEY: PEM }, 'data')).toThrow(
      /DKIM_SELECTOR/,
    );
    expect(() => mailConfigFromEnv({ DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: PEM }, 'data')).toThrow(/DKIM_DOMAIN/);
    expect(() => mailConfigFromEnv({ DKIM_DOMAIN: 'example.jp', DKIM_SELECTOR: 's1' }, 'data')).toThrow(
      /DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE/,
    );
    expect(() =>
      mailConfigFromEnv({ DKIM_DOMAIN: 'example.jp', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: 'secret' }, 'data'),
    ).toThrow(/DKIM_PRIVATE_KEY is not a PEM private key/);
    expect(() =>
      mailConfigFromEnv(
        { DKIM_DOMAIN: 'example.jp', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY_FILE: '/nonexistent/key.pem' },
        'data',
      ),
    ).toThrow(/DKIM_PRIVATE_KEY_FILE cannot be read/);
  });

  test('a key pasted with literal \\n line breaks is accepted, and a DKIM domain other than the sender’s is warned about', () => {
    const config = mailConfigFromEnv(
      { DKIM_DOMAIN: 'example.jp', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: PEM.replace(/\n/g, '\\n') },
      'data',
    );
    expect(config.dkim).toEqual({ domainName: 'example.jp', keySelector: 's1', privateKey: PEM });
    expect(config.warnings).toEqual([expect.stringMatching(/DKIM_DOMAIN example\.jp is not MAIL_FROM's domain/)]);
    const aligned = mailConfigFromEnv(
      {
        MAIL_FROM: 'Status <status@example.jp>',
        DKIM_DOMAIN: 'example.jp',
        DKIM_SELECTOR: 's1',
        DKIM_PRIVATE_KEY: PEM,
      },
      'data',
    );
    expect(aligned.warnings).toEqual([]);
  });
});
