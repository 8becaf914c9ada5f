import type { LeadTimePolicy } from './maintenance/lead-time-policy.ts';
import type { StandingWindowConfig } from './maintenance/window-config.ts';
import type { ServiceLevelSettings } from './service-levels/settings.ts';

/**
 * What every published word depends on besides the records: validated once at start-up
 * (api/server/config.ts, whose parsers hold the sheet's defaults) and handed to the API, the
 * publisher, the pages, the jobs and the export. Nothing below the composition root falls back
 * to a default of its own, so a page cannot state one window while the job publishes another.
 */
export interface SiteSettings {
  /** Canonical origin for links, feeds and API answers, e.g. `https://status.example.jp`; never a request's Host header. */
  siteUrl: string;
  /** Notice periods for maintenance, terminations and changes. */
  leadTimePolicy: LeadTimePolicy;
  /** The standing maintenance window; null when turned off (STANDING_WINDOW_RRULE=off). */
  standingWindow: StandingWindowConfig | null;
  /** Availability target, partial-outage weight, update interval, first-notice target, support desk. */
  serviceLevels: ServiceLevelSettings;
  /** How a customer reaches support (SUPPORT_PHONE, SUPPORT_EMAIL, SUPPORT_URL); each may be unset. */
  contact: SupportContact;
}

/** Shown with the desk hours on the home page; a field left unset is simply not shown. */
export interface SupportContact {
  phone: string | null;
  email: string | null;
  /** The contact form, an http(s) URL. */
  formUrl: string | null;
}
