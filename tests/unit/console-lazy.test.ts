import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * In a Node of its own: which of the console's modules and packages were resolved after making the
 * app, and then after one console request (the sign-in page, which reads no database).
 */
function loadedModules(): { atStart: string[]; afterLogin: string[] } {
  const app = pathToFileURL(path.join(root, 'api/http/app.ts')).href;
  const settings = pathToFileURL(path.join(root, 'tests/support/settings.ts')).href;
  const script = `
    import { registerHooks } from 'node:module';
    const watched = { shell: /api\\/console\\/shell\\.ts$/, argon2: /@node-rs[\\\\/]argon2/, otpauth: /[\\\\/]otpauth[\\\\/]/, qrcode: /[\\\\/]qrcode[\\\\/]/, bowser: /[\\\\/]bowser[\\\\/]/ };
    const seen = new Set();
    registerHooks({
      resolve(specifier, context, next) {
        const found = next(specifier, context);
        for (const [name, re] of Object.entries(watched)) if (re.test(found.url)) seen.add(name);
        return found;
      },
    });
    const { createApp } = await import(${JSON.stringify(app)});
    const { settingsFrom } = await import(${JSON.stringify(settings)});
    const api = createApp({ db: {}, now: () => new Date('2026-11-28T01:00:00Z'), adminToken: undefined, settings: settingsFrom() });
    const atStart = [...seen];
    const res = await api.request('/admin/login');
    if (res.status !== 200) throw new Error('the sign-in page answered ' + res.status);
    console.log(JSON.stringify({ atStart, afterLogin: [...seen] }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

test('the console and argon2, otpauth, qrcode and bowser are not loaded at start; the first console request loads the console alone', () => {
  const { atStart, afterLogin } = loadedModules();
  expect(atStart).toEqual([]);
  expect(afterLogin).toEqual(['shell']);
});
