/**
 * What the background parts of issue 13 (the mirror to object storage, the scheduled backup) tell
 * `/metrics` and `/readyz`: each part keeps its own status and hands out a reader of it; backend.ts
 * passes the readers to the app (AppDeps.operations). Nothing here loads a library.
 */

/** The S3 mirror (api/mirror/): how far the bucket is behind the published site. */
export interface MirrorStatus {
  /** False when MIRROR_S3_URL (or its separate variables) is unset: no mirror metric is reported then. */
  enabled: boolean;
  /** When the newest generation the bucket holds whole was published (null: none yet). */
  mirroredPublishedAt: Date | null;
  /** When the newest generation of the site was published (null: nothing published yet). */
  latestPublishedAt: Date | null;
  /** Uploads and deletions that failed (each try counts), since the process started. */
  failures: number;
  /** Objects uploaded and deleted since the process started. */
  uploads: number;
  deletions: number;
}

/** Backups (api/backup/): the newest one on disk, whoever made it (the schedule, `npm run backup`). */
export interface BackupStatus {
  /** When the newest verified backup in BACKUP_DIR was made (null: none). */
  lastSuccessAt: Date | null;
  /** Scheduled backups that failed since the process started. */
  failures: number;
  /** Backups kept in BACKUP_DIR. */
  generations: number;
}

/** The readers backend.ts hands the app; a part that is not running gives null. */
export interface OperationsStatus {
  mirror(): MirrorStatus | null;
  backup(): Promise<BackupStatus | null>;
}
