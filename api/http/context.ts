import type { Db } from '../../db/client.ts';
import type { Change } from '../core/change.ts';
import type { LeadTimePolicy } from '../core/maintenance/lead-time-policy.ts';
import type { ServiceLevelSettings } from '../core/service-levels/settings.ts';

export interface AppDeps {
  db: Db;
  /** The clock; tests pin it. */
  now: () => Date;
  /** The bootstrap operator token (`ADMIN_TOKEN`); undefined disables writes. */
  adminToken: string | undefined;
  /** Canonical public origin, e.g. `https://status.example.jp` (never taken from request headers). */
  siteUrl: string;
  /** Called after every committed write. */
  onChange?: (change: Change) => void;
  /** Notice periods for maintenance and notices (validated at start-up); absent = the sheet's (LEAD_TIME_POLICY). */
  leadTimePolicy?: LeadTimePolicy;
  /** Availability target, partial weight, update interval, support desk (validated at start-up); absent = the sheet's defaults. */
  serviceLevels?: ServiceLevelSettings;
}

export type Env = { Variables: { body: unknown } };
