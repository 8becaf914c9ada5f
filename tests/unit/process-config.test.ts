import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/server/config.ts';

/** What `openssl rand -hex 32` prints: the README's advice. */
const STRONG = '3f9c2a7d81e4b05c6a19f2d8e7b340c15a6d9e82f1c47b03d58a2e6f9c1b7d40';
const README_EXAMPLE = 'change-me-to-a-long-secret';

describe('ADMIN_TOKEN in production', () => {
  const production = (token: string) => () => loadConfig({ NODE_ENV: 'production', ADMIN_TOKEN: token });

  it.each([
    ['the README’s example', README_EXAMPLE, /contains the placeholder "changeme"/],
    ['an obvious placeholder', 'replace-me-with-the-real-token-0123456789', /placeholder "replaceme"/],
    ['16 times "a"', 'a'.repeat(16), /fewer than 32/],
    ['40 times "a"', 'a'.repeat(40), /only 1 different characters/],
    ['a short pattern repeated', 'abc1'.repeat(10), /only 4 different characters/],
    ['16 spaces', ' '.repeat(16), /it is blank/],
    ['a 24-character random string', 'q7Xv2LmN9pRt4WzK8sYb3HcD', /24 characters, fewer than 32/],
  ])('refuses %s, with a sentence naming ADMIN_TOKEN and why', (_, token, reason) => {
    expect(production(token)).toThrow(/^ADMIN_TOKEN is too weak for production: /);
    expect(production(token)).toThrow(reason);
  });

  it('starts without one: operators sign in with their accounts, the first admin made by the CLI', () => {
    const config = loadConfig({ NODE_ENV: 'production' });
    expect(config.adminToken).toBeUndefined();
    expect(config.warnings).toEqual([]);
  });

  it.each([
    ['`openssl rand -hex 32`', STRONG],
    ['`openssl rand -hex 16` (128 bits)', '9b1e44c07fa2d83e56c1b9a0e7d2f418'],
    ['`openssl rand -base64 32`', 'Yk3v8Q2mZr0tLx9sWb4Nc7Hd1Jf6Gp5Ae2Ru8Ti0Vo='],
  ])('accepts a random token such as %s, without a warning', (_, token) => {
    expect(production(token)().warnings).toEqual([]);
  });
});

describe('ADMIN_TOKEN outside production', () => {
  it('starts with the README’s example token, and warns that production would refuse it', () => {
    const config = loadConfig({ ADMIN_TOKEN: README_EXAMPLE });
    expect(config.adminToken).toBe(README_EXAMPLE);
    expect(config.warnings).toEqual([expect.stringMatching(/^ADMIN_TOKEN is weak .*refused with NODE_ENV=production/)]);
  });

  it('gives no warning for a strong token, nor for none (the API then answers writes with 503)', () => {
    expect(loadConfig({ ADMIN_TOKEN: STRONG }).warnings).toEqual([]);
    expect(loadConfig({}).warnings).toEqual([]);
  });
});

describe('time limits from the environment', () => {
  it('has defaults that end a start-up or a shutdown that waits on nothing coming', () => {
    expect(loadConfig({}).limits).toEqual({
      connectTimeoutMs: 10_000,
      statementTimeoutMs: 30_000,
      startupTimeoutMs: 120_000,
      shutdownTimeoutMs: 10_000,
      publish: { pageMs: 10_000, publishMs: 300_000 },
      publishHotBytes: 32 * 1024 * 1024,
    });
  });

  it('reads each variable', () => {
    expect(
      loadConfig({
        DATABASE_CONNECT_TIMEOUT_MS: '2500',
        DATABASE_STATEMENT_TIMEOUT_MS: '5000',
        STARTUP_TIMEOUT_MS: '60000',
        SHUTDOWN_TIMEOUT_MS: '3000',
        PUBLISH_PAGE_TIMEOUT_MS: '2000',
        PUBLISH_TIMEOUT_MS: '90000',
        PUBLISH_HOT_BYTES: '8388608',
      }).limits,
    ).toEqual({
      connectTimeoutMs: 2500,
      statementTimeoutMs: 5000,
      startupTimeoutMs: 60_000,
      shutdownTimeoutMs: 3000,
      publish: { pageMs: 2000, publishMs: 90_000 },
      publishHotBytes: 8 * 1024 * 1024,
    });
  });

  it.each([
    [{ DATABASE_CONNECT_TIMEOUT_MS: '10s' }, /DATABASE_CONNECT_TIMEOUT_MS must be a whole number of milliseconds/],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '0' }, /DATABASE_STATEMENT_TIMEOUT_MS must be at least 100 ms/],
    [{ STARTUP_TIMEOUT_MS: '1.5' }, /STARTUP_TIMEOUT_MS must be a whole number of milliseconds/],
    [{ SHUTDOWN_TIMEOUT_MS: '9999999' }, /SHUTDOWN_TIMEOUT_MS must be at most 600000 ms/],
    [{ PUBLISH_HOT_BYTES: '32MiB' }, /PUBLISH_HOT_BYTES must be a whole number of bytes/],
    [{ PUBLISH_HOT_BYTES: '1000' }, /PUBLISH_HOT_BYTES must be at least 1048576 bytes/],
  ])('refuses to start with %j, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
