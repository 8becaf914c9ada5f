import type { ConsoleSettings } from '../console/settings.ts';
import type { Db } from '../../db/client.ts';
import type { Change } from '../core/change.ts';
import type { SiteSettings } from '../core/settings.ts';
import type { PublishingStatus } from '../publish/publish-status.ts';
import type { SubscriptionService } from '../notify/subscribe/service.ts';
import type { WebhookTargetPolicy } from '../notify/recipients/webhooks.ts';
import type { OperatorRole, Scope } from '../operators/vocab.ts';
import type { OperationsStatus } from '../server/ops-status.ts';
import type { Monitoring } from '../metrics/scrape.ts';
import type { TrustedProxies } from './client-address.ts';

export interface AppDeps {
  db: Db;
  /** The process's one clock (the same one the publisher and the jobs read); tests pin it. */
  now: () => Date;
  /** The bootstrap operator token (`ADMIN_TOKEN`), accepted only while no admin account exists; undefined: none. */
  adminToken: string | undefined;
  /** The server's log (start-up lines go there too); absent: stdout. */
  log?: (line: string) => void;
  /** Called after every committed write. */
  onChange?: (change: Change) => void;
  /** The validated settings (site URL, notice periods, service levels), the same the pages are published with. */
  settings: SiteSettings;
  /** The publisher's state, for `GET /publishing`; absent where no publisher runs (that route then answers 503). */
  publishing?: () => PublishingStatus;
  /**
   * Whether the database is there (absent: always). While the server starts without it, every
   * route but the health check answers 503 with Retry-After; the health check reports the state.
   */
  database?: () => DatabaseAvailability;
  /** E-mail sign-ups (`/subscription/…`); absent: those pages answer 503. */
  subscription?: SubscriptionService;
  /** How a registered webhook URL is checked (WEBHOOK_ALLOW_PRIVATE); absent: private addresses refused. */
  webhooks?: WebhookTargetPolicy;
  /** TRUSTED_PROXIES: whose X-Forwarded-For/-Proto are believed (api/http/client-address.ts); absent: no one's. */
  trustedProxies?: TrustedProxies;
  /** API_RATE_LIMIT: requests a minute per client address under /api/v1 (api/http/rate-limit.ts); absent or 0: none. */
  apiRateLimit?: number;
  /** The console's session limits and form secret (CONSOLE_*); absent: the defaults and a random secret. */
  console?: ConsoleSettings;
  /** The mirror's and the backups' status readers (api/server/ops-status.ts), for /metrics; absent: neither runs. */
  operations?: OperationsStatus;
  /** What /readyz and /metrics read besides the database (api/metrics/scrape.ts); absent: published counts as true, no request counts. */
  monitoring?: Monitoring;
}

/** What the process knows of its database (api/server/database-startup.ts keeps it). */
export interface DatabaseAvailability {
  /** `starting`: not up yet since the process started; `degraded`: was up, and a query lost the connection. */
  state: 'starting' | 'ok' | 'degraded';
  /** When it entered this state. */
  since: Date;
  /** For `Retry-After` while it is not ok. */
  retryAfterSeconds: number;
}

/** Who a request authenticated as (api/http/auth.ts): an operator's token, or `ADMIN_TOKEN` (operatorId null). */
export interface ApiActor {
  operatorId: string | null;
  /** The operator's email, or `ADMIN_TOKEN`. */
  email: string;
  role: OperatorRole;
  /** What the credential may do within the role. */
  scopes: readonly Scope[];
}

export type Env = {
  Variables: {
    body: unknown;
    actor: ApiActor;
    /** Run by requireScope once the request has authenticated, before the route (the write audit's `before`). */
    authenticated?: (actor: ApiActor) => Promise<void>;
  };
};
