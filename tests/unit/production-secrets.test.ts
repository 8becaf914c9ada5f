import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/server/config.ts';
import { makeSelfSigned } from '../support/tls.ts';

/** What `openssl rand -hex 32` prints. */
const STRONG = '3f9c2a7d81e4b05c6a19f2d8e7b340c15a6d9e82f1c47b03d58a2e6f9c1b7d40';
const production = (env: Record<string, string>) => () =>
  loadConfig({ NODE_ENV: 'production', DATA_DIR: 'memory', ...env });

describe('production refuses to start with a weak or unusable secret, naming the variable', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['SUBSCRIPTION_SECRET', 'a placeholder', 'change-me-to-a-long-random-secret-please', /placeholder "changeme"/],
    ['SUBSCRIPTION_SECRET', 'one character held down', 'x'.repeat(40), /only 1 different characters/],
    ['CONSOLE_SECRET', 'a placeholder', 'my-console-secret-0123456789abcdef', /placeholder "secret"/],
    ['CONSOLE_SECRET', 'a short one', 'q7Xv2LmN9pRt4WzK', /16 characters, fewer than 32/],
  ])('%s: %s', (name, _, value, why) => {
    expect(production({ [name]: value })).toThrow(new RegExp(`^${name} is too weak for production: `));
    expect(production({ [name]: value })).toThrow(why);
    // Outside production only its length is checked where it is used.
    if (value.length >= 32) expect(() => loadConfig({ DATA_DIR: 'memory', [name]: value })).not.toThrow();
  });

  it('SUBSCRIPTION_SECRET shorter than 32 characters, everywhere', () => {
    expect(production({ SUBSCRIPTION_SECRET: 'short' })).toThrow(/SUBSCRIPTION_SECRET/);
    expect(() => loadConfig({ DATA_DIR: 'memory', SUBSCRIPTION_SECRET: 'short' })).toThrow(
      /SUBSCRIPTION_SECRET must be at least 32 characters/,
    );
  });

  it('a weak ADMIN_TOKEN, and a blank one', () => {
    expect(production({ ADMIN_TOKEN: 'change-me-to-a-long-secret' })).toThrow(
      /^ADMIN_TOKEN is too weak for production/,
    );
    expect(production({ ADMIN_TOKEN: ' '.repeat(20) })).toThrow(/^ADMIN_TOKEN is too weak for production: it is blank/);
  });

  it('a TLS key that cannot be read, or only half of TLS', () => {
    const { cert } = makeSelfSigned(dir);
    expect(production({ TLS_CERT: cert, TLS_KEY: path.join(dir, 'nowhere.pem') })).toThrow(
      /^TLS_KEY names .*nowhere\.pem, which cannot be read/,
    );
    expect(production({ TLS_CERT: cert })).toThrow(/^TLS_KEY is not set/);
  });

  it('a test clock', () => {
    expect(production({ SHIRASE_TEST_CLOCK: '2026-12-15T10:00:00+09:00' })).toThrow(/^SHIRASE_TEST_CLOCK is set/);
  });

  it('and starts with strong secrets, or none at all (the server makes its own; accounts replace ADMIN_TOKEN)', () => {
    expect(production({ SUBSCRIPTION_SECRET: STRONG, CONSOLE_SECRET: STRONG, ADMIN_TOKEN: STRONG })().warnings).toEqual(
      [],
    );
    expect(production({})().adminToken).toBeUndefined();
  });
});
