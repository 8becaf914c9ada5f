import type { BackupStatus, MirrorStatus } from '../server/ops-status.ts';
import type { DatabaseFigures } from './database-figures.ts';
import type { PublishRecord } from './publish-record.ts';

/** What the server hands the monitoring routes (backend.ts; tests build their own). */
export interface Monitoring {
  /** METRICS_TOKEN: `/metrics` asks for `Authorization: Bearer <it>`; undefined: open. */
  token: string | undefined;
  /** Whether published output is being served (false before the first publish ever). */
  published: () => boolean;
  /** Each listening thread's request counts (request-counts.ts), the serving thread's by message. */
  requests: () => Promise<readonly Float64Array[]>;
  publishes: PublishRecord;
}

/** Everything one /metrics answer is made of, read once per scrape. */
export interface Scrape {
  now: Date;
  requests: readonly Float64Array[];
  publishes: PublishRecord;
  published: boolean;
  /** Null: the database is down or did not answer in time (shirase_database_up 0). */
  database: DatabaseFigures | null;
  /** Null, or not enabled: no mirror metric. */
  mirror: MirrorStatus | null;
  /** Null: no backup metric. */
  backup: BackupStatus | null;
}
