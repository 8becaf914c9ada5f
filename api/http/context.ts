import type { Db } from '../../db/client.ts';
import type { Change } from '../core/change.ts';
import type { SiteSettings } from '../core/settings.ts';
import type { PublishingStatus } from '../publish/publish-status.ts';

export interface AppDeps {
  db: Db;
  /** The process's one clock (the same one the publisher and the jobs read); tests pin it. */
  now: () => Date;
  /** The bootstrap operator token (`ADMIN_TOKEN`); undefined disables writes. */
  adminToken: string | undefined;
  /** Called after every committed write. */
  onChange?: (change: Change) => void;
  /** The validated settings (site URL, notice periods, service levels), the same the pages are published with. */
  settings: SiteSettings;
  /** The publisher's state, for `GET /publishing`; absent where no publisher runs (that route then answers 503). */
  publishing?: () => PublishingStatus;
}

export type Env = { Variables: { body: unknown } };
