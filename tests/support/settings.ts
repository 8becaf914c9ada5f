import type { SiteSettings } from '../../api/core/settings.ts';
import type { PublishLimits } from '../../api/publish/publisher.ts';
import { loadConfig } from '../../api/server/config.ts';
import { processLimitsFromEnv } from '../../api/server/limits-config.ts';

/** The origin test sites are published for. */
export const TEST_SITE_URL = 'https://status.example.jp';

/**
 * The settings a server started with `env` would run with, through the real parser: with nothing
 * set, the service-level sheet's figures (its defaults are stated nowhere else).
 */
export function settingsFrom(env: Record<string, string> = {}): SiteSettings {
  return loadConfig({ SITE_URL: TEST_SITE_URL, ...env }).settings;
}

/** The publish time limits a server started without PUBLISH_*_TIMEOUT_MS runs with, through the real parser. */
export const publishLimits: PublishLimits = processLimitsFromEnv({}).publish;
