import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Runs a script in a Node of its own that records whether nodemailer's entry module was resolved,
 * after making a transport and then, when `send` is true, sending one message into an .eml outbox.
 */
function nodemailerLoaded(send: boolean, outbox: string): boolean {
  const transport = pathToFileURL(path.join(root, 'api/notify/mail/transport.ts')).href;
  const config = pathToFileURL(path.join(root, 'api/server/mail-config.ts')).href;
  const fixtures = pathToFileURL(path.join(root, 'tests/unit/notify-mail-fixtures.ts')).href;
  const compose = pathToFileURL(path.join(root, 'api/notify/mail/compose.ts')).href;
  const script = `
    import { registerHooks } from 'node:module';
    let loaded = false;
    registerHooks({
      resolve(specifier, context, next) {
        const found = next(specifier, context);
        if (/[\\\\/]nodemailer[\\\\/]dist[\\\\/][a-z]+[\\\\/]nodemailer\\.js$/.test(found.url)) loaded = true;
        return found;
      },
    });
    const { createMailTransport } = await import(${JSON.stringify(transport)});
    const { mailConfigFromEnv } = await import(${JSON.stringify(config)});
    const transport = createMailTransport(mailConfigFromEnv({}, ${JSON.stringify(outbox)}));
    if (${send}) {
      const { composeMail } = await import(${JSON.stringify(compose)});
      const { CONTACT, CONTEXT, event } = await import(${JSON.stringify(fixtures)});
      const result = await transport.send(composeMail(event('incident.created'), CONTEXT, CONTACT));
      if (result.outcome !== 'delivered') throw new Error(result.detail);
    }
    transport.close();
    console.log(loaded ? 'loaded' : 'not loaded');
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  return out.trim() === 'loaded';
}

test('a server that sends no e-mail never loads nodemailer, and the first message loads it and is written', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shirase-mail-lazy-'));
  try {
    expect(nodemailerLoaded(false, dataDir), 'nodemailer loaded by making a transport alone').toBe(false);
    expect(nodemailerLoaded(true, dataDir), 'nodemailer not loaded to send a message').toBe(true);
    expect(readdirSync(path.join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
