import { expect, test } from 'vitest';
import { loadConfig } from '../../api/server/config.ts';

const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: 'memory', ...env });

test('the console’s session limits default to 30 idle minutes and 12 hours, and are read from the environment', () => {
  expect(load({}).console).toMatchObject({ idleMinutes: 30, absoluteHours: 12 });
  expect(load({ CONSOLE_IDLE_MINUTES: '15', CONSOLE_SESSION_HOURS: '8' }).console).toMatchObject({
    idleMinutes: 15,
    absoluteHours: 8,
  });
  expect(load({ CONSOLE_SECRET: 'k'.repeat(16) + 'x'.repeat(16) }).console.formSecret.toString()).toBe(
    'k'.repeat(16) + 'x'.repeat(16),
  );
});

test('a bad console setting stops the start with a sentence naming the variable', () => {
  expect(() => load({ CONSOLE_IDLE_MINUTES: '0' })).toThrow(
    /CONSOLE_IDLE_MINUTES must be a whole number from 1 to 1440, not "0"/,
  );
  expect(() => load({ CONSOLE_SESSION_HOURS: '1.5' })).toThrow(/CONSOLE_SESSION_HOURS/);
  expect(() => load({ CONSOLE_SECRET: 'short' })).toThrow(/CONSOLE_SECRET must be at least 32 characters/);
});

test('instances on one PostgreSQL without CONSOLE_SECRET are warned that they refuse each other’s sign-in forms', () => {
  const warned = (env: Record<string, string>) => load(env).warnings.filter((w) => w.startsWith('CONSOLE_SECRET'));
  expect(warned({ DATABASE_URL: 'postgres://db/shirase' })).toHaveLength(1);
  expect(warned({ DATABASE_URL: 'postgres://db/shirase', CONSOLE_SECRET: 'y'.repeat(40) })).toEqual([]);
  expect(warned({})).toEqual([]);
});
