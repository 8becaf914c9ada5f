import type { SiteSettings } from '../core/settings.ts';
import type { Config } from './config.ts';

/** The process's one clock: the API, the publisher, the publish clock, the jobs and the seed all read it. */
export interface Clock {
  now(): Date;
}

/**
 * Built once, in the composition root (`startShirase`, `exportSite`), and handed to every entry
 * point: nothing below it reads the system clock or a default setting of its own.
 */
export interface RunContext {
  clock: Clock;
  settings: SiteSettings;
}

export const systemClock: Clock = { now: () => new Date() };

export function runContext(config: Pick<Config, 'settings'>, clock: Clock = systemClock): RunContext {
  return { clock, settings: config.settings };
}
