import { describe, expect, it } from 'vitest';
import { logConfigFromEnv } from '../../api/server/log-config.ts';
import { maskSecrets, secretsFromEnv } from '../../api/server/log-mask.ts';
import { atLevel } from '../../api/server/log-lazy.ts';
import { withRequestId } from '../../api/server/log-scope.ts';
import { createLog } from '../../api/server/logger.ts';

const TOKEN = `shirase_${'Ab3_-x'.repeat(7)}Q`;

function captured(format: 'json' | 'text' = 'json', secrets: string[] = []) {
  const written: string[] = [];
  const log = createLog({ level: 'info', format }, { destination: { write: (l) => void written.push(l) }, secrets });
  return { log, written };
}

describe('the server log', () => {
  it('writes one JSON object a line with an ISO time, the level by name and the message', () => {
    const { log, written } = captured();
    log('Shirase is serving http://localhost:4321');
    log.warn({ attempts: 2 }, 'the database does not answer');
    log.debug('not at LOG_LEVEL=info');
    expect(written).toHaveLength(2);
    const [first, second] = written.map((l) => JSON.parse(l));
    expect(first).toMatchObject({ level: 'info', msg: 'Shirase is serving http://localhost:4321' });
    expect(new Date(first.time).toISOString()).toBe(first.time);
    expect(second).toMatchObject({ level: 'warn', attempts: 2, msg: 'the database does not answer' });
  });

  it('keeps a message with line breaks on one line, so that no text of a request can start a line of its own', () => {
    const { log, written } = captured();
    log.error('GET /x: failed\n{"level":"info","msg":"forged"}');
    expect(written).toHaveLength(1);
    expect(written[0]!.trimEnd()).not.toContain('\n');
    expect(JSON.parse(written[0]!).msg).toBe('GET /x: failed\n{"level":"info","msg":"forged"}');
    const text = captured('text');
    text.log.error('GET /x: failed\n2026-11-28T01:00:00.000Z INFO  forged');
    expect(text.written[0]!.split('\n')[1]).toMatch(/^ {4}2026/);
  });

  it('writes a failure reported through a plain log line at warn or error, and leaves a plain function as it is', () => {
    const { log, written } = captured();
    atLevel(log, 'warn')('database: attempt 2 failed');
    atLevel(log, 'error')('notifications: the outbox worker failed');
    expect(written.map((l) => JSON.parse(l).level)).toEqual(['warn', 'error']);
    const lines: string[] = [];
    atLevel((line) => lines.push(line), 'warn')('as typed');
    expect(lines).toEqual(['as typed']);
  });

  it('stamps every line written while a request is handled with its req_id, and no other', async () => {
    const { log, written } = captured();
    await withRequestId('req-1', async () => {
      await Promise.resolve();
      log('inside');
    });
    log('outside');
    expect(written.map((l) => JSON.parse(l).req_id)).toEqual(['req-1', undefined]);
  });

  it('redacts credentials by field name, and masks their shapes and the configured secrets in every message', () => {
    const { log, written } = captured('json', ['the-configured-admin-token']);
    log.info(
      {
        authorization: `Bearer ${TOKEN}`,
        headers: { cookie: '__Host-shirase_session=abc', 'set-cookie': 'x=y' },
        password: 'a long admin passphrase 7',
        code: '123456',
      },
      'sign-in',
    );
    log.error(
      `sending failed via smtp://mailer:hunter2-pass@mail.example:587 for Bearer ${TOKEN}; ADMIN_TOKEN=the-configured-admin-token; GET /subscription/manage/abcDEF123 password=pw&code=654321`,
    );
    const all = written.join('');
    for (const secret of [
      TOKEN,
      'abc',
      'x=y',
      'a long admin passphrase',
      '123456',
      'hunter2-pass',
      'the-configured-admin-token',
      'abcDEF123',
      '654321',
    ])
      expect(all, secret).not.toContain(secret);
    const message = JSON.parse(written[1]!).msg;
    expect(message).toContain('smtp://mailer:****@mail.example:587');
    expect(message).toContain('/subscription/manage/****');
  });

  it('leaves out the values drizzle quotes with a failed query, keeping the query and the stack', () => {
    const stack =
      'Error: Failed query: insert into "subscribers" ("id", "email") values ($1, $2)\nparams: s1,hanako@example.jp\nline two of a body\n    at enqueueEvent (/srv/api/notify/outbox/enqueue.ts:15:20)';
    const masked = maskSecrets(stack);
    expect(masked).not.toContain('hanako@example.jp');
    expect(masked).not.toContain('line two of a body');
    expect(masked).toBe(
      'Error: Failed query: insert into "subscribers" ("id", "email") values ($1, $2)\nparams: (not logged)\n    at enqueueEvent (/srv/api/notify/outbox/enqueue.ts:15:20)',
    );
  });

  it('leaves alone what only looks like a secret: a channel name, a short word', () => {
    expect(maskSecrets('NOTIFY shirase_changes; code 42')).toBe('NOTIFY shirase_changes; code 42');
  });

  it('takes the secrets to mask from the configuration: tokens, secrets and the passwords in URLs', () => {
    const secrets = secretsFromEnv({
      ADMIN_TOKEN: 'admin-token-0123456789',
      CONSOLE_SECRET: 'c'.repeat(32),
      DATABASE_URL: 'postgres://shirase:db%40pass-word@db:5432/shirase',
      SMTP_URL: 'smtp://mail.example:25',
      SITE_URL: 'https://status.example.jp',
      METRICS_TOKEN: 'short',
    });
    expect(secrets).toEqual(
      expect.arrayContaining(['admin-token-0123456789', 'c'.repeat(32), 'db%40pass-word', 'db@pass-word']),
    );
    expect(secrets).not.toContain('short');
    expect(secrets.some((s) => s.includes('status.example.jp'))).toBe(false);
  });

  it('reads LOG_LEVEL and LOG_FORMAT, info and json by default, and refuses an unknown value by name', () => {
    expect(logConfigFromEnv({})).toEqual({ level: 'info', format: 'json' });
    expect(logConfigFromEnv({ LOG_LEVEL: ' DEBUG ', LOG_FORMAT: 'text' })).toEqual({ level: 'debug', format: 'text' });
    expect(() => logConfigFromEnv({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of .*"verbose"/);
    expect(() => logConfigFromEnv({ LOG_FORMAT: 'pretty' })).toThrow(/LOG_FORMAT/);
  });
});
