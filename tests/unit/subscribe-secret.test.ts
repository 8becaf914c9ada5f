import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { loadSubscriptionSecret, SECRET_FILE } from '../../api/notify/subscribe/secret.ts';

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-secret-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('SUBSCRIPTION_SECRET signs the links when set, and a short one is refused naming the variable', () => {
  const secret = 'x'.repeat(40);
  expect(loadSubscriptionSecret({ SUBSCRIPTION_SECRET: secret }, dataDir())).toEqual({ secret, warning: null });
  expect(() => loadSubscriptionSecret({ SUBSCRIPTION_SECRET: 'short' }, dataDir())).toThrow(
    'Invalid configuration: SUBSCRIPTION_SECRET must be at least 32 characters',
  );
});

test('without it, the secret made at first start is kept in DATA_DIR, readable by its owner only, and the same at the next start', () => {
  const dir = dataDir();
  const first = loadSubscriptionSecret({}, dir);
  expect(first.warning).toBeNull();
  expect(first.secret.length).toBeGreaterThanOrEqual(32);
  expect(statSync(path.join(dir, SECRET_FILE)).mode & 0o777).toBe(0o600);
  expect(readFileSync(path.join(dir, SECRET_FILE), 'utf8').trim()).toBe(first.secret);
  expect(loadSubscriptionSecret({}, dir).secret).toBe(first.secret);
});

test('a kept secret that was cut short is refused rather than used', () => {
  const dir = dataDir();
  writeFileSync(path.join(dir, SECRET_FILE), 'abc\n');
  expect(() => loadSubscriptionSecret({}, dir)).toThrow(/subscription-secret must be at least 32 characters/);
});

test('with DATA_DIR=memory the secret lasts as long as the process, and the start-up log says the links will not outlive it', () => {
  const a = loadSubscriptionSecret({}, 'memory');
  const b = loadSubscriptionSecret({}, 'memory');
  expect(a.secret).not.toBe(b.secret);
  expect(a.warning).toMatch(/SUBSCRIPTION_SECRET is not set and DATA_DIR=memory/);
});
