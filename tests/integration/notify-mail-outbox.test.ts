import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth';
import { simpleParser } from 'mailparser';
import { afterAll, expect, test } from 'vitest';
import { composeMail } from '../../api/notify/mail/compose.ts';
import { createMailTransport } from '../../api/notify/mail/transport.ts';
import { mailConfigFromEnv } from '../../api/server/mail-config.ts';
import { CONTACT, CONTEXT, event, SUBSCRIBER } from '../unit/notify-mail-fixtures.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'shirase-mail-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test('with no SMTP_URL each message becomes a whole .eml file in DATA_DIR/outbox, named in the order written', async () => {
  // A pinned clock: two sends within one millisecond still get two names, sorting in the order sent.
  const clock = [
    new Date('2026-12-01T07:24:00.000Z'),
    new Date('2026-12-01T07:24:00.000Z'),
    new Date('2026-12-01T07:25:30.500Z'),
  ];
  let tick = 0;
  const transport = createMailTransport(mailConfigFromEnv({}, dataDir), { now: () => clock[tick++]! });
  const sent = [
    composeMail(event('incident.created'), CONTEXT, CONTACT),
    composeMail(event('incident.created'), CONTEXT, SUBSCRIBER),
    composeMail(event('incident.resolved'), CONTEXT, CONTACT),
  ];
  const results = [];
  for (const message of sent) results.push(await transport.send(message));
  transport.close();

  const outbox = path.join(dataDir, 'outbox');
  const files = readdirSync(outbox);
  expect(files, 'no temporary file is left behind').toHaveLength(3);
  for (const name of files) expect(name).toMatch(/^\d{8}T\d{6}\.\d{3}Z-\d{6}-[0-9a-f]{6}\.eml$/);
  expect(files.filter((f) => f.startsWith('20261201T072400.000Z'))).toHaveLength(2);
  expect(files.filter((f) => f.startsWith('20261201T072530.500Z'))).toHaveLength(1);

  const sorted = [...files].sort();
  const parsed = await Promise.all(sorted.map((f) => simpleParser(readFileSync(path.join(outbox, f)))));
  expect(parsed.map((p) => p.messageId)).toEqual(sent.map((m) => m.messageId));
  expect(parsed.map((p) => p.subject)).toEqual([
    '【障害発生】請求書の発行ができない',
    '[Incident] Invoices cannot be issued',
    '【復旧】請求書の発行ができない',
  ]);
  expect(readFileSync(path.join(outbox, sorted[1]!), 'utf8')).toContain(
    '\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n',
  );
  expect(parsed[0]!.text).toContain('https://status.example.jp/incidents/inc_1/');
  expect(results).toEqual(
    sorted.map((name, i) => ({
      outcome: 'delivered',
      detail: `written to ${path.join(outbox, name)} (Message-ID ${sent[i]!.messageId})`,
    })),
  );
  // Stored as sent over SMTP: CRLF line ends, which DKIM verifiers and mail clients expect.
  expect(readFileSync(path.join(outbox, sorted[0]!), 'latin1')).not.toMatch(/[^\r]\n/);
});

test('with DKIM configured, the .eml files are signed as SMTP messages would be', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signedDir = path.join(dataDir, 'signed');
  const transport = createMailTransport(
    mailConfigFromEnv(
      {
        MAIL_FROM: 'status@example.jp',
        DKIM_DOMAIN: 'example.jp',
        DKIM_SELECTOR: 's1',
        DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      signedDir,
    ),
  );
  expect(await transport.send(composeMail(event('incident.created'), CONTEXT, SUBSCRIBER))).toMatchObject({
    outcome: 'delivered',
  });
  transport.close();
  const [file] = readdirSync(path.join(signedDir, 'outbox'));
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const verified = await dkimVerify(readFileSync(path.join(signedDir, 'outbox', file!)), {
    resolver: async (name) => {
      if (name === 's1._domainkey.example.jp') return [[`v=DKIM1; k=rsa; p=${p}`]];
      throw Object.assign(new Error(`no record for ${name}`), { code: 'ENOTFOUND' });
    },
  });
  expect(verified.results.map((r) => r.status.result)).toEqual(['pass']);
});

test('a folder that cannot be written to is a temporary failure, not an exception', async () => {
  const blocked = path.join(dataDir, 'not-a-dir');
  await import('node:fs/promises').then((fs) => fs.writeFile(blocked, 'a file where the data directory should be'));
  const transport = createMailTransport(mailConfigFromEnv({}, blocked));
  const result = await transport.send(composeMail(event('incident.created'), CONTEXT, CONTACT));
  expect(result).toEqual({ outcome: 'temporary', detail: expect.stringMatching(/ENOTDIR|EEXIST/) });
});
